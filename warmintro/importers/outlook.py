"""Outlook's CSV export of contacts (Outlook for Windows, Outlook.com, and Google's "Outlook CSV").

Outlook for Windows saves "Comma Separated Values" in the system's code page (read as
Windows-1252, noted) or, as "Unicode", in UTF-16; Outlook.com writes UTF-8 with a BOM.

=====================  ==============================================================
warmintro              Outlook column
=====================  ==============================================================
``name``               First Name, Middle Name, Last Name, Suffix (``Title`` is
                       Outlook's "Mr."/"Dr.": not part of the name here)
``company``            Company
``title``              Job Title
``email``              E-mail Address, E-mail 2 Address, E-mail 3 Address (Exchange
                       paths such as ``/o=ExchangeLabs/...`` are left out)
``phone``              Mobile Phone, else Business Phone, Primary Phone, Home Phone,
                       Other Phone
``linkedin``           Web Page or Personal Web Page, when on linkedin.com
``location``           Business City, else Home City, Other City, then the countries
``notes``              Notes: the user's private notes (see `warmintro.privacy`), never
                       ``about``, so never in a message, an export or a share
=====================  ==============================================================

Outlook for Windows names the columns in the language it is installed in. `LOCALIZED` lists
what German, French, Spanish, Finnish, Swedish and Dutch Outlook write for the columns above,
as Outlook has spelt them over the years (several spellings where versions differ); headers
are compared ignoring case, accents and punctuation. A header in a language not listed is
refused, naming the columns it has. Rows without a name are skipped.
"""

from __future__ import annotations

from ..editing.grow import clean_text
from . import Incoming, Parsed, Skipped
from .addressbook import Layout, Row, emails_of, first, linkedin_of, name_of, person, read_addressbook
from .linkedin import _header_key

#: English column -> what localized Outlook calls it. The English names are Outlook's own.
LOCALIZED: dict[str, tuple[str, ...]] = {
    "First Name": ("Vorname", "Prénom", "Nombre", "Etunimi", "Förnamn", "Voornaam"),
    "Middle Name": (
        "Weitere Vornamen",
        "Zweiter Vorname",
        "Deuxième prénom",
        "Segundo nombre",
        "Toinen nimi",
        "Mellannamn",
        "Middelste naam",
        "Tweede voornaam",
    ),
    "Last Name": ("Nachname", "Nom", "Apellidos", "Apellido", "Sukunimi", "Efternamn", "Achternaam"),
    "Suffix": ("Namenszusatz", "Suffixe", "Sufijo", "Jälkiliite", "Achtervoegsel"),
    "Company": ("Firma", "Société", "Organisation", "Compañía", "Organización", "Yritys", "Företag", "Bedrijf"),
    "Job Title": (
        "Position",
        "Berufsbezeichnung",
        "Fonction",
        "Titre du poste",
        "Puesto",
        "Cargo",
        "Tehtävänimike",
        "Ammattinimike",
        "Befattning",
        "Functie",
    ),
    "E-mail Address": (
        "E-Mail-Adresse",
        "Adresse de messagerie",
        "Adresse e-mail",
        "Dirección de correo electrónico",
        "Sähköpostiosoite",
        "E-postadress",
        "E-mailadres",
    ),
    "E-mail 2 Address": (
        "E-Mail 2: Adresse",
        "Adresse de messagerie 2",
        "Adresse e-mail 2",
        "Dirección de correo electrónico 2",
        "Sähköposti 2: osoite",
        "Sähköpostiosoite 2",
        "E-post 2: adress",
        "E-postadress 2",
        "E-mail 2: adres",
        "E-mailadres 2",
    ),
    "E-mail 3 Address": (
        "E-Mail 3: Adresse",
        "Adresse de messagerie 3",
        "Adresse e-mail 3",
        "Dirección de correo electrónico 3",
        "Sähköposti 3: osoite",
        "Sähköpostiosoite 3",
        "E-post 3: adress",
        "E-postadress 3",
        "E-mail 3: adres",
        "E-mailadres 3",
    ),
    "Mobile Phone": (
        "Mobiltelefon",
        "Tél. mobile",
        "Téléphone mobile",
        "Teléfono móvil",
        "Matkapuhelin",
        "Mobiele telefoon",
    ),
    "Business Phone": (
        "Telefon geschäftlich",
        "Téléphone (bureau)",
        "Téléphone bureau",
        "Teléfono del trabajo",
        "Teléfono de la oficina",
        "Työpuhelin",
        "Telefon arbete",
        "Arbetstelefon",
        "Telefoon op werk",
        "Telefoon werk",
    ),
    "Home Phone": (
        "Telefon privat",
        "Téléphone (domicile)",
        "Téléphone domicile",
        "Teléfono particular",
        "Kotipuhelin",
        "Telefon hem",
        "Hemtelefon",
        "Telefoon thuis",
    ),
    "Business City": (
        "Ort geschäftlich",
        "Ville (bureau)",
        "Ville bureau",
        "Ciudad de trabajo",
        "Ciudad del trabajo",
        "Työosoitteen postitoimipaikka",
        "Postitoimipaikka (työ)",
        "Ort arbete",
        "Ort (arbete)",
        "Plaats werk",
        "Plaats (werk)",
    ),
    "Home City": (
        "Ort privat",
        "Ville (domicile)",
        "Ville domicile",
        "Ciudad particular",
        "Kotiosoitteen postitoimipaikka",
        "Postitoimipaikka (koti)",
        "Ort hem",
        "Ort (hem)",
        "Plaats thuis",
        "Plaats (thuis)",
    ),
    "Business Country/Region": (
        "Land/Region geschäftlich",
        "Pays/Région (bureau)",
        "País o región del trabajo",
        "Maa tai alue (työ)",
        "Land/region arbete",
        "Land/regio werk",
    ),
    "Web Page": ("Webseite", "Page Web", "Página web", "Web-sivu", "Verkkosivu", "Webbsida", "Webpagina"),
    "Notes": ("Notizen", "Notes", "Notas", "Muistiinpanot", "Anteckningar", "Notities", "Opmerkingen"),
}

#: Header key of a localized column -> the header key of the English one.
_ENGLISH: dict[str, str] = {
    _header_key(local): _header_key(english) for english, names in LOCALIZED.items() for local in names
}


def _in_english(cells: Row) -> Row:
    """The row with localized column names as the English ones (an English column wins)."""
    english = {key: value for key, value in cells.items() if key not in _ENGLISH}
    for key, value in cells.items():
        if key in _ENGLISH:
            english.setdefault(_ENGLISH[key], value)
    return english


def _record(cells: Row, where: str) -> Incoming | Skipped:
    cells = _in_english(cells)
    name = name_of(cells, "first name", "middle name", "last name", "suffix") or name_of(cells, "nickname")
    return person(
        where,
        name,
        "In your Outlook contacts",
        company=first(cells, "company"),
        title=first(cells, "job title"),
        emails=emails_of(cells, "e mail address", "email address", "e mail 2 address", "e mail 3 address"),
        phone=first(cells, "mobile phone", "business phone", "primary phone", "home phone", "other phone"),
        linkedin=linkedin_of(cells, "web page", "personal web page"),
        location=first(
            cells,
            "business city",
            "home city",
            "other city",
            "business country region",
            "home country region",
            "other country region",
        ),
        notes=clean_text(cells.get("notes"), multiline=True),
    )


_ENGLISH_SIGNATURE = frozenset(
    {
        "e mail address",
        "email address",
        "e mail 2 address",
        "job title",
        "company",
        "business phone",
        "mobile phone",
        "home phone",
        "business city",
        "web page",
    }
)

OUTLOOK = Layout(
    kind="Outlook",
    command="outlook",
    # a localized column counts as its English one; "Notes", "Nom" and "Position" alone say little
    signature=_ENGLISH_SIGNATURE
    | frozenset(local for local, english in _ENGLISH.items() if english in _ENGLISH_SIGNATURE and local != "position"),
    columns="First Name, Last Name, E-mail Address, Company, Job Title, or the same in German, French, "
    "Spanish, Finnish, Swedish or Dutch",
    needed=2,
    record=_record,
)


def read_outlook(data: bytes, source: str, *, include_notes: bool = True) -> Parsed:
    """Read an Outlook contacts CSV export, in English or a language `LOCALIZED` knows.
    `include_notes=False` leaves the Notes column out."""
    from .google import GOOGLE

    parsed = read_addressbook(data, source, OUTLOOK, (GOOGLE,))
    if not include_notes:
        for record in parsed.records:
            record.notes = None
    return parsed
