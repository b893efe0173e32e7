"""LinkedIn's connections export: ``Connections.csv`` (or the data-export zip holding it).

What LinkedIn writes, and what this reader accepts:

* a preamble before the header: a ``Notes:`` line, a quoted notice that may span lines, a blank
  line; or no preamble (older exports, files saved again by a spreadsheet);
* a header naming the columns, in English or in the member's language (see `HEADERS`); columns
  are found by name, never by position, and columns this reader does not know are ignored;
* UTF-8 with or without a BOM, UTF-16, or Windows-1252 (noted); commas or, from spreadsheets
  in many European locales, semicolons or tabs between fields; CRLF or LF line ends;
* quoted fields with commas, quotes and line breaks in them;
* rows with no name: members who have left LinkedIn or hidden their profile (skipped, counted);
* ``Connected On`` as LinkedIn writes it (``15 Mar 2023``), localised (``15 März 2023``,
  ``15.03.2023``, ``15 mars 2023``) or numeric; a date it cannot read is left out, not guessed.

A file whose quoting is broken, or where a row has more fields than the header, raises
`SourceError` naming the line: nothing is imported from a file that may be misread.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import PurePath

from ..dates import MAX_YEAR, MIN_YEAR, PartialDate
from ..editing.grow import clean_text
from ..text import fold, normalize
from . import MAX_SOURCE_BYTES, Incoming, Parsed, Skipped, SourceError, decode_bytes

#: Column -> the header names LinkedIn uses for it, in each language seen (compared ignoring
#: case, accents and punctuation). To support another language, add its names here.
HEADERS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "First Name",  # en
        "Vorname",  # de
        "Prénom",  # fr
        "Nombre",  # es
        "Nome",  # it, pt
        "Voornaam",  # nl
        "Förnamn",  # sv
        "Fornavn",  # da, no
        "Etunimi",  # fi
        "Imię",  # pl
    ),
    "last_name": (
        "Last Name",
        "Nachname",
        "Nom",
        "Nom de famille",
        "Apellidos",
        "Apellido",
        "Cognome",
        "Sobrenome",
        "Achternaam",
        "Efternamn",
        "Efternavn",
        "Etternavn",
        "Sukunimi",
        "Nazwisko",
    ),
    "url": ("URL", "Profile URL", "Profil-URL", "LinkedIn URL", "URL du profil", "URL del perfil", "Profiel-URL"),
    "email": (
        "Email Address",
        "E-mail Address",
        "Email",
        "E-Mail-Adresse",
        "E-Mail",
        "Adresse e-mail",
        "Adresse email",
        "Dirección de correo electrónico",
        "Correo electrónico",
        "Indirizzo email",
        "Endereço de e-mail",
        "E-mailadres",
        "E-postadress",
        "E-mailadresse",
        "Sähköpostiosoite",
        "Adres e-mail",
    ),
    "company": (
        "Company",
        "Unternehmen",
        "Firma",
        "Entreprise",
        "Société",
        "Empresa",
        "Azienda",
        "Bedrijf",
        "Företag",
        "Virksomhed",
        "Yritys",
    ),
    "position": (
        "Position",
        "Title",
        "Job Title",
        "Poste",
        "Cargo",
        "Posizione",
        "Functie",
        "Befattning",
        "Stilling",
        "Tehtävä",
        "Stanowisko",
    ),
    "connected_on": (
        "Connected On",
        "Verbunden am",
        "Vernetzt am",
        "Vernetzt seit",
        "Kontakt seit",
        "Connecté le",
        "Date de connexion",
        "Conectado el",
        "Fecha de conexión",
        "Collegato il",
        "Data di collegamento",
        "Conectado em",
        "Verbonden op",
        "Kontakt sedan",
        "Ansluten",
        "Forbundet",
        "Yhdistetty",
        "Data nawiązania kontaktu",
    ),
}

#: Month names and abbreviations, folded (no case, no accents, no trailing dot), in the languages
#: LinkedIn writes dates in. Where two languages share a spelling they mean the same month.
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "janner", "jan", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari",
        "janeiro", "styczen", "sty", "tammikuu", "tammi"),
    2: ("february", "feb", "februar", "fevrier", "fevr", "fev", "febrero", "febbraio", "februari", "fevereiro",
        "luty", "lut", "helmikuu", "helmi"),
    3: ("march", "mar", "marz", "maerz", "mrz", "mars", "marzo", "maart", "mrt", "marco", "marzec", "maaliskuu",
        "maalis"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwiecien", "kwi", "huhtikuu", "huhti"),
    5: ("may", "mai", "mayo", "maggio", "mag", "mei", "maio", "maj", "toukokuu", "touko"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwiec", "cze", "kesakuu", "kesa"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipiec", "lip", "heinakuu",
        "heina"),
    8: ("august", "aug", "aout", "agosto", "ago", "augustus", "augusti", "sierpien", "sie", "elokuu", "elo"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro",
        "wrzesien", "wrz", "syyskuu", "syys"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
         "pazdziernik", "paz", "lokakuu", "loka"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "listopad", "lis", "marraskuu", "marras"),
    12: ("december", "dec", "dezember", "dez", "decembre", "diciembre", "dic", "dicembre", "dezembro", "grudzien",
         "gru", "joulukuu", "joulu"),
}  # fmt: skip
MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names}

_HEADER_LIMIT = 50  # rows of preamble to look through for the header
_NO_NAME = "no name: a member who has left LinkedIn or hidden their profile"


def _header_key(text: str) -> str:
    folded = fold(normalize("NFKC", text).replace("\ufeff", ""))
    return " ".join(re.findall(r"[^\W_]+", folded))


_COLUMN_OF: dict[str, str] = {_header_key(name): column for column, names in HEADERS.items() for name in names}


def read_linkedin(data: bytes, source: str) -> Parsed:
    """Read a Connections.csv (or a LinkedIn data-export zip holding one)."""
    parsed = Parsed("LinkedIn", source)
    if data.startswith(b"PK\x03\x04"):
        data, inner = _from_zip(data, source)
        parsed.source = source = f"{source}!{inner}"
    text = decode_bytes(data, source, parsed.notes)
    delimiter, header_line, columns = _find_header(text, source)
    body = "".join(list(io.StringIO(text, newline=""))[header_line:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    unreadable_dates = 0
    try:
        previous_line = 0
        for row in reader:
            start, previous_line = header_line + previous_line + 1, reader.line_num
            where = f"{source}:{start}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
                raise SourceError(
                    f"{where}: this row has {len(row)} fields but the header has {len(columns)}; "
                    "a value with a comma that is not in quotes? Nothing was imported."
                )
            cells = {column: row[i] for i, column in enumerate(columns) if column and i < len(row)}
            record = _record(cells, where)
            if isinstance(record, Skipped):
                parsed.skipped.append(record)
                continue
            if cells.get("connected_on", "").strip() and record.since is None:
                unreadable_dates += 1
            parsed.records.append(record)
    except csv.Error as exc:
        raise SourceError(
            f"{source}:{header_line + reader.line_num}: not valid CSV: {exc} (a quote that is never closed?). "
            "Nothing was imported."
        ) from None
    if unreadable_dates:
        parsed.notes.append(
            f"{unreadable_dates} 'Connected On' date{'s' if unreadable_dates != 1 else ''} could not be read; "
            "those relationships have no 'since'."
        )
    return parsed


def _from_zip(data: bytes, source: str) -> tuple[bytes, str]:
    """Connections.csv from a LinkedIn data export, read no further than MAX_SOURCE_BYTES (a
    "zip bomb" of a few kilobytes can unpack to gigabytes)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if PurePath(n).name.lower() == "connections.csv"]
        if not names:
            raise SourceError(f"{source}: a zip file without Connections.csv in it")
        with archive.open(names[0]) as member:
            content = member.read(MAX_SOURCE_BYTES + 1)
    except SourceError:
        raise
    except Exception as exc:  # zipfile raises many kinds for a damaged or unusual archive
        raise SourceError(f"{source}: not a readable zip file ({type(exc).__name__}: {exc})") from None
    if len(content) > MAX_SOURCE_BYTES:
        raise SourceError(
            f"{source}!{names[0]}: unpacks to more than {MAX_SOURCE_BYTES >> 20} MiB; is it the right file?"
        )
    return content, names[0]


def _find_header(text: str, source: str) -> tuple[str, int, list[str | None]]:
    """The delimiter, the line the header ends on, and each field's column (None: unknown)."""
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for number, row in enumerate(reader):
                if number >= _HEADER_LIMIT:
                    break
                columns = [_COLUMN_OF.get(_header_key(cell)) for cell in row]
                known = {c for c in columns if c}
                if ({"first_name", "last_name"} & known) and len(known) >= 3:
                    return delimiter, reader.line_num, _first_of_each(columns)
        except csv.Error:
            continue
    raise SourceError(
        f"{source}: no LinkedIn header row found (First Name, Last Name, URL, Email Address, Company, Position, "
        "Connected On, or the same in another language); is this LinkedIn's Connections.csv? "
        "If your export's headers are in a language warmintro does not know, please report them."
    )


def _first_of_each(columns: list[str | None]) -> list[str | None]:
    seen: set[str] = set()
    out: list[str | None] = []
    for column in columns:
        out.append(column if column and column not in seen else None)
        if column:
            seen.add(column)
    return out


def _record(cells: dict[str, str], where: str) -> Incoming | Skipped:
    name = clean_text(" ".join(filter(None, (cells.get("first_name"), cells.get("last_name")))))
    if name is None:
        return Skipped(where, _NO_NAME)
    email = clean_text(cells.get("email"))
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
        email = None
    url = clean_text(cells.get("url"))
    if url is not None and " " in url:
        url = None
    if url is not None and not re.match(r"^[a-z][a-z0-9+.-]*://", url, flags=re.IGNORECASE):
        url = "https://" + url
    plain = re.split(r",|\s[|(\[]", name)[0].strip()  # "Ann Lee, PhD", "Ann Lee (she/her)", "Ann Lee | CEO"
    return Incoming(
        where=where,
        name=name,
        aliases=(plain,) if plain and plain != name else (),
        company=clean_text(cells.get("company")),
        title=clean_text(cells.get("position")),
        email=email,
        emails=(email,) if email else (),
        linkedin=url,
        greeting=_compound_first(cells.get("first_name")),
        since=parse_connected_on(cells.get("connected_on") or ""),
        channels=("linkedin",),
        how="Connected on LinkedIn",
    )


def _compound_first(first: str | None) -> str | None:
    """The First Name column when it is more than one word ("María José"): a greeting would
    otherwise use its first word alone. None when the first word will do."""
    text = clean_text(first)
    if text is None or len(text.split()) < 2:
        return None
    return " ".join(text.split())


def parse_connected_on(text: str) -> PartialDate | None:
    """A 'Connected On' date as LinkedIn writes it, in any of its languages; None when unreadable.

    Day and month that could be either way round (``03/04/2023``) keep only the year."""
    raw = fold(normalize("NFKC", text)).strip()
    raw = re.sub(r"\b(de|del|le|den|am|on)\b", " ", raw)  # "15 de marzo de 2023", "le 15 mars"
    raw = re.sub(r"[,\s]+", " ", raw).strip(" .")
    if not raw:
        return None
    patterns = (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?", ("y", "m", "d")),
        (r"(\d{1,2})\.? ?([^\W\d_]+)\.? (\d{2,4})", ("d", "mon", "y")),
        (r"(\d{1,2})-([^\W\d_]+)-(\d{2,4})", ("d", "mon", "y")),
        (r"([^\W\d_]+)\.? (\d{1,2})\.? (\d{4})", ("mon", "d", "y")),
        (r"([^\W\d_]+)\.? (\d{4})", ("mon", "y")),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})", ("d", "m", "y")),
        (r"(\d{1,2})/(\d{1,2})/(\d{2,4})(?: .*)?", ("a", "b", "y")),
    )
    for pattern, parts in patterns:
        match = re.fullmatch(pattern, raw)
        if match:
            return _date(dict(zip(parts, match.groups())))
    return None


def _date(parts: dict[str, str]) -> PartialDate | None:
    year = int(parts["y"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if "mon" in parts:
        month = MONTHS.get(parts["mon"])
        if month is None:
            return None
        parts["m"] = str(month)
    if "a" in parts:  # a/b/y: month first (LinkedIn, US) unless that cannot be
        a, b = int(parts["a"]), int(parts["b"])
        if a > 12 >= b:
            parts["d"], parts["m"] = parts["a"], parts["b"]
        elif b > 12 >= a:
            parts["m"], parts["d"] = parts["a"], parts["b"]
        elif a == b and a <= 12:
            parts["m"] = parts["d"] = parts["a"]
        else:
            return PartialDate(year) if a <= 12 and b <= 12 else None
    month = int(parts["m"])
    if "d" not in parts:
        return PartialDate(year, month) if 1 <= month <= 12 else None
    try:
        day = dt.date(year, month, int(parts["d"]))
    except ValueError:
        return None
    return PartialDate(day.year, day.month, day.day)
