"""Problems found in a data package: stable codes, plain-language messages.

Every check yields `Problem`s instead of raising, so a person editing a CSV sees
everything that is wrong in one run. Messages are templates per language; tests
assert codes, files, rows and columns, never wording.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"
LANGUAGES = ("fi", "sv", "en")  # of the validator's messages
VALUE_WORD = {"fi": "arvo", "sv": "värde", "en": "value"}


# Swedish templates (`seuranta validate --lang sv`); a test checks every code has one.
SV: dict[str, str] = {
    "missing-file": "filen saknas i mappen",
    "unknown-file": "okänd fil, den kontrolleras inte (kända filer: {expected})",
    "empty-file": "filen är tom: första raden ska ange kolumnernas namn",
    "not-utf8": "filen är inte i UTF-8-format. Spara i Excel som \"CSV UTF-8 (kommaavgränsad)\"",
    "semicolon-delimiter": "kolumnerna är åtskilda med semikolon. Spara i Excel som \"CSV UTF-8 (kommaavgränsad)\"",
    "missing-column": "kolumnen saknas",
    "unknown-column": "okänd kolumn (kontrollera hur namnet är skrivet)",
    "duplicate-column": "kolumnen finns två gånger i filen",
    "wrong-cell-count": "raden har {value} celler, rubrikraden {expected}",
    "missing-value": "värdet saknas fast det är obligatoriskt",
    "stray-spaces": "värdet har extra mellanslag i början eller slutet",
    "stray-spaces-text": "texten har extra mellanslag i början eller slutet",
    "not-integer": "ska vara ett heltal{hint}",
    "not-number": "ska vara ett tal{hint}",
    "decimal-comma": "talet har decimalkomma: använd punkt ({expected})",
    "thousands-separator": "talet har tusentalsavgränsare: skriv talet utan mellanslag ({expected})",
    "not-date": "ska vara ett datum i formen ÅÅÅÅ-MM-DD{hint}",
    "finnish-date": "datumet är i finländsk form: skriv {expected}",
    "not-boolean": "ska vara true eller false",
    "not-in-list": "värdet är inte tillåtet; tillåtna: {expected}",
    "invalid-id": ("en identifierare får bara ha små bokstäver a–z, siffror och bindestreck "
                   "(inga å, ä, ö och inga mellanslag), t.ex. pohjois-karjala"),
    "too-small": "värdet är för litet (minsta tillåtna {expected})",
    "too-large": "värdet är för stort (största tillåtna {expected})",
    "duplicate-key": "samma identifierare finns redan på rad {expected}",
    "unknown-reference": "hänvisar till en identifierare som inte finns i filen {expected}",
    "period-order": "perioden slutar innan den börjar (början {expected})",
    "target-value-missing": "målvärdet saknas fast måltypen är {expected}",
    "target-value-unexpected": "ett målvärde har angetts fast måltypen är none (inget mål)",
    "target-max-missing": "ett intervallmål (between) behöver också en övre gräns",
    "target-max-below-min": "den övre gränsen är mindre än den nedre gränsen {expected}",
    "target-max-unexpected": "en övre gräns hör bara till ett intervallmål (between)",
    "goal-plan-mismatch": "målet hör till en annan plan ({expected})",
    "baseline-date-missing": "utgångsnivån saknar datum (baseline_date)",
    "exactly-one-target": "fyll i antingen goal_id eller action_id, inte båda och inte ingendera",
    "value-missing": "talet saknas fast läget är {expected}",
    "value-unexpected": "med läget {expected} lämnas värdet tomt (talet får inte synas)",
    "small-count": ("ett antal klienter under {expected} kan röja ett barn: ange value_status = suppressed "
                    "och lämna value tomt"),
    "percent-out-of-range": "en procentandel kan inte vara över 100 eller under 0",
    "shares-sum": "andelarnas summa är {value} %, den ska vara 100 % (±0,5)",
    "nps-mismatch": "NPS stämmer inte: rekommenderare − kritiker = {expected}",
    "counts-mismatch": "andelen stämmer inte med den som räknats ut ur antalen ({expected} %)",
    "counts-exceed-respondents": "antalens summa {value} är större än antalet svarande",
    "few-respondents": "färre än {expected} svarande: resultatet visas inte på webbplatsen",
    "duplicate-goal-number": "samma målnummer finns redan på rad {expected} i samma plan",
    "duplicate-section-number": "samma avsnittsnummer finns redan på rad {expected} i samma plan",
    "period-missing": "planen (kind = plan) saknar period: skriv första och sista året",
    "assessment-empty": ("bedömningen saknar både läge (yes, partly, no, not_assessed) och verbal bedömning "
                         "(comment_fi)"),
    "range-reversed": "intervallets övre gräns är mindre än den nedre gränsen {expected}",
    "range-without-value": "intervallets övre gräns (value_max) behöver också en nedre gräns (value)",
    "control-character": ("texten har ett osynligt styrtecken {value} på plats {expected}: ta bort det "
                          "(ofta kopierat från ett annat program)"),
    "nul-byte": "raden har ett NUL-tecken (en nollbyte): filen är skadad eller i fel format",
    "unterminated-quote": ("ett citattecken (\") börjar på den här raden men slutar aldrig: lägg till "
                           "citattecknet som saknas"),
    "malformed-quote": "citattecknen är fel: ett \" inuti ett citerat värde ska skrivas två gånger (\"\")",
    "translation-missing": "den svenska texten saknas (visas på finska)",
    "translation-required": "den svenska texten saknas, och för ett tvåspråkigt område är den obligatorisk"
}


@dataclass(frozen=True)
class ProblemType:
    code: str
    severity: str
    fi: str
    en: str
    sv: str

    def template(self, lang: str) -> str:
        """The message template in `lang`: "fi", "sv" or "en"."""
        return {"fi": self.fi, "sv": self.sv, "en": self.en}[lang]


def _t(code: str, fi: str, en: str, severity: str = ERROR) -> ProblemType:
    return ProblemType(code, severity, fi, en, SV[code])


# Templates may use {value}, {expected}, {hint}. Keep the Finnish plain: the
# reader is a county employee who edited the file in Excel, not a programmer.
PROBLEM_TYPES: dict[str, ProblemType] = {
    t.code: t
    for t in [
        _t("missing-file", "tiedosto puuttuu kansiosta", "the file is missing from the folder"),
        _t("unknown-file", "tiedostoa ei tunneta eikä sitä tarkisteta (tunnetut: {expected})",
           "unknown file, not checked (known files: {expected})", WARNING),
        _t("empty-file", "tiedosto on tyhjä: ensimmäisellä rivillä pitää olla sarakkeiden nimet",
           "the file is empty: the first line must name the columns"),
        _t("not-utf8",
           "tiedosto ei ole UTF-8-muodossa. Tallenna Excelissä muodossa \"CSV UTF-8 (pilkuin eroteltu)\"",
           "the file is not UTF-8. In Excel, save it as \"CSV UTF-8 (Comma delimited)\""),
        _t("semicolon-delimiter",
           "sarakkeet on eroteltu puolipisteillä. Tallenna Excelissä muodossa "
           "\"CSV UTF-8 (pilkuin eroteltu)\"",
           "the columns are separated by semicolons. In Excel, save it as "
           "\"CSV UTF-8 (Comma delimited)\""),
        _t("missing-column", "sarake puuttuu", "the column is missing"),
        _t("unknown-column", "tuntematon sarake (tarkista nimen kirjoitusasu)",
           "unknown column (check the spelling of its name)"),
        _t("duplicate-column", "sarake on tiedostossa kahdesti", "the column appears twice"),
        _t("wrong-cell-count", "rivillä on {value} solua, otsikkorivillä {expected}",
           "the row has {value} cells, the header has {expected}"),
        _t("missing-value", "arvo puuttuu, vaikka se on pakollinen", "a required value is missing"),
        _t("stray-spaces", "arvon alussa tai lopussa on ylimääräisiä välilyöntejä",
           "the value has extra spaces at its start or end"),
        _t("stray-spaces-text", "tekstin alussa tai lopussa on ylimääräisiä välilyöntejä",
           "the text has extra spaces at its start or end", WARNING),
        _t("not-integer", "pitää olla kokonaisluku{hint}", "must be a whole number{hint}"),
        _t("not-number", "pitää olla luku{hint}", "must be a number{hint}"),
        _t("decimal-comma", "luvussa on desimaalipilkku: käytä pistettä ({expected})",
           "the number has a decimal comma: use a point ({expected})"),
        _t("thousands-separator", "luvussa on tuhaterotin: kirjoita luku ilman välejä ({expected})",
           "the number has a thousands separator: write it without spaces ({expected})"),
        _t("not-date", "pitää olla päivämäärä muodossa VVVV-KK-PP{hint}",
           "must be a date as YYYY-MM-DD{hint}"),
        _t("finnish-date", "päivämäärä on suomalaisessa muodossa: kirjoita {expected}",
           "the date is in Finnish form: write {expected}"),
        _t("not-boolean", "pitää olla true tai false", "must be true or false"),
        _t("not-in-list", "arvo ei ole sallittu; sallitut: {expected}",
           "value not allowed; allowed: {expected}"),
        _t("invalid-id",
           "tunnisteessa saa olla vain pieniä kirjaimia a–z, numeroita ja väliviivoja "
           "(ei ääkkösiä eikä välilyöntejä), esim. pohjois-karjala",
           "an id may only contain lower-case letters a–z, digits and hyphens "
           "(no spaces or accents), e.g. pohjois-karjala"),
        _t("too-small", "arvo on liian pieni (pienin sallittu {expected})",
           "the value is too small (smallest allowed {expected})"),
        _t("too-large", "arvo on liian suuri (suurin sallittu {expected})",
           "the value is too large (largest allowed {expected})"),
        _t("duplicate-key", "sama tunniste on jo rivillä {expected}",
           "the same key is already on row {expected}"),
        _t("unknown-reference", "viittaa tunnisteeseen, jota ei ole tiedostossa {expected}",
           "refers to an id that does not exist in {expected}"),
        _t("period-order", "jakso päättyy ennen kuin se alkaa (alku {expected})",
           "the period ends before it starts (start {expected})"),
        _t("target-value-missing", "tavoitearvo puuttuu, vaikka tavoitteen tyyppi on {expected}",
           "the target value is missing although target_type is {expected}"),
        _t("target-value-unexpected",
           "tavoitearvo on annettu, vaikka tavoitteen tyyppi on none (ei tavoitetta)",
           "a target value is given although target_type is none"),
        _t("target-max-missing", "välitavoitteelle (between) tarvitaan myös yläraja",
           "a between target also needs target_value_max"),
        _t("target-max-below-min", "yläraja on pienempi kuin alaraja {expected}",
           "the upper bound is below the lower bound {expected}"),
        _t("target-max-unexpected", "yläraja kuuluu vain välitavoitteelle (between)",
           "target_value_max belongs only to a between target"),
        _t("goal-plan-mismatch", "tavoite kuuluu eri suunnitelmaan ({expected})",
           "the goal belongs to another plan ({expected})"),
        _t("baseline-date-missing", "lähtötasolle puuttuu päivämäärä (baseline_date)",
           "the baseline value has no baseline_date", WARNING),
        _t("exactly-one-target",
           "täytä joko goal_id tai action_id, ei molempia eikä kumpaakin tyhjäksi",
           "fill in either goal_id or action_id, not both and not neither"),
        _t("value-missing", "luku puuttuu, vaikka tila on {expected}",
           "the value is missing although value_status is {expected}"),
        _t("value-unexpected",
           "tilalla {expected} arvo jätetään tyhjäksi (luku ei saa näkyä)",
           "with value_status {expected} the value must be empty (it must not be shown)"),
        _t("small-count",
           "alle {expected} asiakkaan määrä voi paljastaa lapsen: merkitse value_status = suppressed ja "
           "jätä value tyhjäksi",
           "a count of fewer than {expected} clients can identify a child: set value_status = suppressed and "
           "leave value empty"),
        _t("percent-out-of-range", "prosenttiosuus ei voi olla yli 100 tai alle 0",
           "a percentage cannot be above 100 or below 0"),
        _t("shares-sum", "osuuksien summa on {value} %, pitää olla 100 % (±0,5)",
           "the shares add up to {value} %, they must add up to 100 % (±0.5)"),
        _t("nps-mismatch", "NPS ei täsmää: suosittelijat − arvostelijat = {expected}",
           "NPS does not match: promoters − detractors = {expected}"),
        _t("counts-mismatch", "osuus ei täsmää lukumääristä laskettuun ({expected} %)",
           "the share does not match the one computed from the counts ({expected} %)"),
        _t("counts-exceed-respondents", "lukumäärien summa {value} on suurempi kuin vastaajat",
           "the counts add up to {value}, more than the respondents"),
        _t("few-respondents", "alle {expected} vastaajaa: tulosta ei näytetä sivustolla",
           "fewer than {expected} respondents: the result is not shown on the site", WARNING),
        _t("duplicate-goal-number", "sama tavoitenumero on jo rivillä {expected} samassa suunnitelmassa",
           "the same goal number is already on row {expected} in the same plan"),
        _t("duplicate-section-number", "sama lukunumero on jo rivillä {expected} samassa suunnitelmassa",
           "the same section number is already on row {expected} in the same plan"),
        _t("period-missing", "suunnitelmalta (kind = plan) puuttuu kausi: kirjoita alku- ja loppuvuosi",
           "a plan (kind = plan) needs its period: write the first and last year"),
        _t("assessment-empty",
           "arviolta puuttuu sekä tila (yes, partly, no, not_assessed) että sanallinen arvio (comment_fi)",
           "the assessment has neither a status (yes, partly, no, not_assessed) nor a written assessment "
           "(comment_fi)"),
        _t("range-reversed", "vaihteluvälin yläraja on pienempi kuin alaraja {expected}",
           "the upper end of the range is below its lower end {expected}"),
        _t("range-without-value", "vaihteluvälin yläraja (value_max) tarvitsee myös alarajan (value)",
           "the upper end of a range (value_max) needs its lower end (value) too"),
        _t("control-character",
           "tekstissä on näkymätön ohjausmerkki {value} kohdassa {expected}: poista se (usein kopioitu "
           "toisesta ohjelmasta)",
           "the text has an invisible control character {value} at position {expected}: remove it (often "
           "pasted from another program)"),
        _t("nul-byte", "rivillä on NUL-merkki (tyhjä tavu): tiedosto on vioittunut tai väärää muotoa",
           "the row has a NUL character (a zero byte): the file is damaged or in the wrong format"),
        _t("unterminated-quote",
           "lainausmerkki (\") alkaa tällä rivillä mutta ei pääty: lisää puuttuva lainausmerkki",
           "a quote (\") starts on this row but never ends: add the missing quote"),
        _t("malformed-quote",
           "lainausmerkit ovat väärin: lainausmerkin sisällä oleva \" pitää kirjoittaa kahdesti (\"\")",
           "the quotes are wrong: a \" inside a quoted value must be written twice (\"\")"),
        _t("translation-missing", "ruotsinkielinen teksti puuttuu (näytetään suomeksi)",
           "the Swedish text is missing (shown in Finnish)", WARNING),
        _t("translation-required",
           "ruotsinkielinen teksti puuttuu, ja kaksikielisellä alueella se on pakollinen",
           "the Swedish text is missing, and it is required for a bilingual county"),
    ]
}


@dataclass(frozen=True)
class Problem:
    code: str
    file: str
    row: int | None = None  # as a spreadsheet shows it: the header is row 1
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    hint: str | None = None

    @property
    def kind(self) -> ProblemType:
        return PROBLEM_TYPES[self.code]

    @property
    def severity(self) -> str:
        return PROBLEM_TYPES[self.code].severity

    def message(self, lang: str = "fi") -> str:
        template = PROBLEM_TYPES[self.code].template(lang)
        hint = f" ({self.hint})" if self.hint else ""
        return template.format(value=self.value, expected=self.expected, hint=hint)

    def format(self, lang: str = "fi") -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        where += ":"
        if self.column:
            where += f" {self.column}:"
        text = f"{where} {self.message(lang)}"
        if self.value not in (None, "") and "{value}" not in PROBLEM_TYPES[self.code].template(lang):
            text += f" ({VALUE_WORD[lang]}: {self.value!r})"
        return text


SUMMARY_WORDS = {
    "fi": {"valid": "Data on kunnossa.", "invalid": "Data ei kelpaa: korjaa virheet.",
           "checked": "Tarkistettu {files} tiedostoa ja {rows} riviä: {errors} virhettä, {warnings} varoitusta.",
           "version": "Tietosopimuksen versio", "unstated": "versiota ei ole kerrottu"},
    "sv": {"valid": "Uppgifterna är i skick.", "invalid": "Uppgifterna godkänns inte: rätta felen.",
           "checked": "Kontrollerade {files} filer och {rows} rader: {errors} fel, {warnings} varningar.",
           "version": "Dataavtalets version", "unstated": "versionen anges inte"},
    "en": {"valid": "The data is valid.", "invalid": "The data is not valid: fix the errors.",
           "checked": "Checked {files} files and {rows} rows: {errors} errors, {warnings} warnings.",
           "version": "Data contract version", "unstated": "no version stated"},
}


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    rows_checked: int = 0
    files_checked: int = 0
    contract_version: str = "1.0"  # the version the package says it follows
    contract_source: Path | None = None  # the datapackage.json that says it (None: read as 1.0)
    # Per file, the line each spreadsheet row starts on (a quoted cell may hold line breaks).
    lines: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def line(self, file: str, row: int) -> int:
        """The file line a problem's spreadsheet row starts on."""
        starts = self.lines.get(file, ())
        return starts[row - 1] if 0 < row <= len(starts) else row

    def add(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Problem]:
        return sorted(
            self.problems,
            key=lambda p: (p.file, p.row or 0, p.column or "", p.code),
        )

    def summary(self, lang: str = "fi") -> str:
        words = SUMMARY_WORDS[lang]
        verdict = words["valid" if self.valid else "invalid"]
        where = f" ({self.contract_source.name})" if self.contract_source else f" ({words['unstated']})"
        checked = words["checked"].format(files=self.files_checked, rows=self.rows_checked,
                                          errors=len(self.errors), warnings=len(self.warnings))
        return f"{verdict} {checked} {words['version']} {self.contract_version}{where}."


REPORT_WORDS = {
    "fi": {"errors": "Virheet", "warnings": "Varoitukset"},
    "sv": {"errors": "Fel", "warnings": "Varningar"},
    "en": {"errors": "Errors", "warnings": "Warnings"},
}


def report_text(report: Report, lang: str = "fi") -> str:
    """The report as staff read it: errors, then warnings, one line each, then the summary."""
    words = REPORT_WORDS[lang]
    ordered = report.sorted()
    lines = []
    for title, severity in ((words["errors"], ERROR), (words["warnings"], WARNING)):
        group = [p for p in ordered if p.severity == severity]
        if group:
            lines += [f"{title} ({len(group)}):", *(p.format(lang) for p in group), ""]
    lines.append(report.summary(lang))
    return "\n".join(lines) + "\n"
