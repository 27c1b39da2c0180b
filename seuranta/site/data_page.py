"""The open-data page (/{lang}/tietoa/data/), generated from the published descriptor.

One source of truth: every file and every column with its meaning, type, codes
and unit comes from the table schemas of datapackage.json (and status.csv's,
added at publishing), in the page's language (`title`/`description` in Finnish,
`x_title_sv`/`x_description_sv` in Swedish). The version, date and release
notes come from the descriptor too (opendata.releases). A schema.org `Dataset`
in JSON-LD lists every download, so dataset search engines find them.

Descriptor text is escaped like data text: a schema is data, never HTML.
"""

from __future__ import annotations

import json
from typing import Any

from seuranta import formatting as fmt
from seuranta.i18n import gettext
from seuranta.model.package import Package
from seuranta.opendata.downloads import ARCHIVE, EXCEL_FI, WORKBOOK, published_descriptor
from seuranta.opendata.indicator_json import SCHEMA_FILE
from seuranta.opendata.releases import citation_line, release_date, releases
from seuranta.opendata.subsets import organisation_ids
from seuranta import settings
from seuranta.site.html import esc, tag
from seuranta.site.render import data_table, org_name

ROOT = "../../../"  # from /{lang}/tietoa/data/ to the site root
DATA = ROOT + "data/"
CSV, JSON, ZIP = "text/csv", "application/json", "application/zip"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _(key: str, lang: str, **values: object) -> str:
    return gettext(f"datapage.{key}", lang, **values)


def _in(lang: str, item: dict[str, Any], key: str) -> str:
    """A descriptor text in the page's language: `title` is Finnish, `x_title_sv` Swedish."""
    return str(item.get(f"x_{key}_sv" if lang == "sv" else key, "") or item.get(key, ""))


def _link(href: str, content: str) -> str:
    return f'<a href="{esc(href)}">{content}</a>'


def downloads(package: Package, described: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Every file the page offers: (path under data/, media type, key of its description
    or the resource name). The JSON-LD lists the same."""
    files = [(ARCHIVE, ZIP, "zip"), ("datapackage.json", JSON, "package"), (WORKBOOK, XLSX, "xlsx"),
             (f"{EXCEL_FI}/observations.csv", CSV, "excel_fi"), (f"{EXCEL_FI}/status.csv", CSV, "excel_fi"),
             (SCHEMA_FILE, JSON, "schema")]
    for r in described["resources"]:
        files += [(r["path"], CSV, r["name"]), (f"{r['name']}.json", JSON, r["name"])]
    files += [(f"{o}/datapackage.json", JSON, f"org:{o}") for o in organisation_ids(package)]
    return files


def _downloads_table(package: Package, described: dict[str, Any], lang: str) -> str:
    titles = {r["name"]: esc(_in(lang, r, "title")) for r in described["resources"]}
    rows = []
    for path, media, key in downloads(package, described):
        if key.startswith("org:"):
            what = _("org_package", lang, name=org_name(package, key[4:], lang))
        elif key in titles:
            what = titles[key]
        else:
            what = _(key, lang)
        rows.append(f"<tr><td>{_link(DATA + path, f'<code>{esc(path)}</code>')}</td>"
                    f"<td>{esc(media)}</td><td>{what}</td></tr>")
    head = "".join(f'<th scope="col">{_(k, lang)}</th>' for k in ("file", "format", "content"))
    return data_table("lataukset-taulukko", _("downloads_caption", lang), head, "".join(rows))


def _codes(field: dict[str, Any], lang: str) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append(", ".join(f"<code>{esc(v)}</code>" for v in c["enum"]))
    if "minimum" in c:
        parts.append(f"≥ {esc(c['minimum'])}")
    if "maximum" in c:
        parts.append(f"≤ {esc(c['maximum'])}")
    if c.get("pattern"):
        parts.append(_("slug", lang))
    if "x_default" in field:
        parts.append(_("default", lang, value=f"<code>{esc(field['x_default'])}</code>"))
    return "; ".join(parts)


def _resource_section(r: dict[str, Any], lang: str) -> str:
    """One file: what it holds, its key, and a table of its columns."""
    name = r["name"]
    links = f"{_link(DATA + r['path'], esc(r['path']))}, {_link(f'{DATA}{name}.json', esc(name + '.json'))}"
    key = r["schema"].get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    out = [f'<h3 id="{esc(name)}">{esc(_in(lang, r, "title"))} (<code>{esc(r["path"])}</code>)</h3>',
           f"<p>{esc(_in(lang, r, 'description'))}</p>", f"<p>{_('files_links', lang)} {links}.",
           f" {_('key', lang, columns=', '.join(f'<code>{esc(k)}</code>' for k in key))}" if key else "",
           f" {_('optional_file', lang, version=esc(r['x_since']))}" if "x_since" in r else "", "</p>"]
    rows = []
    for f in r["schema"]["fields"]:
        required = f.get("constraints", {}).get("required")
        notes = [_("required", lang)] if required else []
        if "x_since" in f:
            notes.append(_("optional_column", lang, version=esc(f["x_since"])))
        rows.append(f'<tr><th scope="row"><code>{esc(f["name"])}</code></th><td>{esc(_in(lang, f, "title"))}</td>'
                    f'<td>{_("type_" + f.get("type", "string"), lang)}'
                    f'{"<br>" + "; ".join(notes) if notes else ""}</td>'
                    f'<td>{esc(_in(lang, f, "description"))}</td><td>{_codes(f, lang)}</td>'
                    f'<td>{esc(f.get("x_unit", ""))}</td></tr>')
    head = "".join(f'<th scope="col">{_(k, lang)}</th>' for k in ("column", "name", "type", "meaning", "codes", "unit"))
    out.append(data_table(f"sarakkeet-{name}", _("columns_of", lang, file=esc(r["path"])), head, "".join(rows)))
    return "".join(out)


def _releases(package: Package, described: dict[str, Any], lang: str) -> str:
    known = {o.id for o in package.organisations}
    items = []
    for r in releases(described):
        names = [org_name(package, o, lang) if o in known else f"<code>{esc(o)}</code>" for o in r.organisations]
        date = f' (<time datetime="{r.date.isoformat()}">{fmt.date(r.date, lang)}</time>)' if r.date else ""
        changed = f" {_('changed', lang)}: {', '.join(names)}." if names else ""
        items.append(f"<li><strong>{esc(r.version)}</strong>{date}: {esc(r.note_sv if lang == 'sv' else r.note_fi)}"
                     f"{changed}</li>")
    return f'<ul class="sr-releases">{"".join(items)}</ul>' if items else ""


def _licence(described: dict[str, Any], lang: str) -> str:
    """The licence paragraph: the portal's words for CC BY 4.0, else the licence the
    package's descriptor names, linked."""
    licence = (described.get("licenses") or [{}])[0]
    if licence.get("name") == "CC-BY-4.0":
        return _("licence", lang)
    name = esc(licence.get("title") or licence.get("name") or "–")
    return _("licence_other", lang, licence=_link(licence["path"], name) if licence.get("path") else name)


def json_ld(package: Package, described: dict[str, Any], lang: str) -> str:
    """The schema.org Dataset as a script element; `<`, `>` and `&` are written as
    JSON escapes, so no text can close the element."""
    released = release_date(described)
    licence = described.get("licenses", [{}])[0]
    dataset: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": _in(lang, described, "title"), "description": _in(lang, described, "description"),
        "license": licence.get("path", licence.get("name", "")),
        "creator": [{"@type": "Organization", "name": c.get("title", "")} for c in described.get("contributors", [])],
        "version": described.get("version", ""), "inLanguage": ["fi", "sv"],
        "keywords": described.get("keywords", []), "isAccessibleForFree": True,
        "citation": citation_line(described, lang),
        "distribution": [{"@type": "DataDownload", "contentUrl": f"{settings.site_url()}data/{path}", "encodingFormat": media,
                          "name": path} for path, media, _key in downloads(package, described)],
    }
    if released:
        dataset["dateModified"] = released.isoformat()
    if described.get("created"):
        dataset["dateCreated"] = str(described["created"])[:10]
    text = json.dumps(dataset, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def data_page(package: Package, lang: str, described: dict[str, Any] | None = None) -> str:
    described = described or published_descriptor(package)
    released = release_date(described)
    version = esc(described.get("version", ""))
    date = f'<time datetime="{released.isoformat()}">{fmt.date(released, lang)}</time>' if released else ""
    contract = str(described.get("x_contract_version", "1.0"))
    out = [tag("h1", _("title", lang)), f"<p>{_('intro', lang)}</p>",
           f'<h2 id="versio">{_("version_title", lang)}</h2>',
           f"<p>{_('version', lang, version=version, date=date)} {_('rhythm', lang)}</p>",
           _releases(package, described, lang),
           f'<h2 id="lataukset">{_("downloads_title", lang)}</h2>', _downloads_table(package, described, lang),
           f"<p>{_('per_organisation', lang)}</p>", f"<p>{_('per_indicator', lang)}</p>",
           f'<h2 id="tiedostot">{_("files_title", lang)}</h2>',
           f"<p>{_('files_intro', lang, contract=esc(contract))}</p>",
           *(_resource_section(r, lang) for r in described["resources"]),
           f'<h2 id="tila">{_("status_title", lang)}</h2>',
           f"<p>{_('status_text', lang)} {_link('../menetelma/', gettext('method.title', lang))}.</p>",
           f'<h2 id="kayttoehdot">{_("licence_title", lang)}</h2>', f"<p>{_licence(described, lang)}</p>",
           f"<p>{_('cite', lang)}</p><blockquote><p>{esc(citation_line(described, lang))}</p></blockquote>",
           f"<p>{_('cite_source', lang)}</p>", json_ld(package, described, lang)]
    return f'<div class="sr-page">{"".join(out)}</div>'

