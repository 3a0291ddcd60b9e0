"""Every finding code, its severity and its message in Spanish; other languages in catalogs.

Codes are stable (tests, CI annotations and maintainers refer to them); CODES.md, the
readable table, is written from this one (``codes_md``, by ``tools/update_messages.py``).
Ranges: AV1xx structure, AV2xx front matter, AV3xx text and sanitizer, AV4xx image
references, AV5xx image files, AV6xx personal data and review terms, AV7xx the
repository (CODEOWNERS), AV8xx addresses and output paths (where the build would write a
submission, for every language site), AV9xx what `invoke review` finds in a branch's git
tree.

Messages are ``str.format`` templates written in Spanish, the source language; each
other language's text is in its gettext catalog (``locale/<lang>/LC_MESSAGES/
messages.po``, msgctxt = the code, msgid = the Spanish; ``catalogs``), so a translator
needs no Python. After changing or adding a message here, run
``python tools/update_messages.py`` and write its English in ``locale/en``.
``{file}`` is the file the finding is about and ``{field}`` the front-matter key or
part. Each message says what is wrong and the fix, as one whole template: where a
finding reads differently in two situations, the code has a second wording
(``Code.variants``, msgctxt ``AV110:images``) rather than pieces glued together. A blank
whose words depend on the language is given as ``Words`` (a noun phrase of ``PIECES``,
msgctxt ``piece:<name>``, translated like the rest), never as one string per language.
The image files (AV5xx) are worded here too: the module named in ``Code.reported_by``
measures what the message reports (sizes, dimensions, the metadata found) and fills the
blanks with it.
Pure Python: importing this module loads neither Pelican nor Pillow, nor Babel (read
when the first message is worded).
"""

# ruff: noqa: E501  (a catalogue of long messages reads better unwrapped)
from __future__ import annotations

from dataclasses import dataclass

from . import catalogs
from .findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    title: str  # short English name for tables
    es: str | None = None  # the Spanish template, when make_finding words the message
    reported_by: str | None = None  # the module that measures what the message reports
    # Other wordings of the same finding, each a whole message: (name, Spanish template),
    # msgctxt "<code>:<name>" in the catalogs; make_finding(..., variant=name) picks one.
    variants: tuple[tuple[str, str], ...] = ()

    def messages(self) -> list[tuple[str, str]]:
        """(msgctxt, Spanish template) of every wording: the code's own first, then variants."""
        own = [(self.code, self.es)] if self.es is not None else []
        return own + [(f"{self.code}:{name}", spanish) for name, spanish in self.variants]

    def template(self, lang: str, variant: str | None = None) -> str | None:
        """The message template in ``lang`` (Spanish where its catalog has none)."""
        if variant is not None:
            spanish = dict(self.variants)[variant]
            return catalogs.translate(f"{self.code}:{variant}", spanish, lang)
        if self.es is None:
            return None
        return catalogs.translate(self.code, self.es, lang)

    @property
    def en(self) -> str | None:
        return self.template("en")


# AV703's closing sentences, the same whatever changed in the account.
_ACCOUNT_CHECKED = (
    "La cuenta de un perfil aprueba los cambios en las obras de su carpeta y las obras que envía "
    "desde un issue van a esa carpeta: una persona del equipo confirma que es la cuenta de la "
    "persona artista. No tienes que hacer nada."
)

_CODES = [
    # ------------------------------------------------------------------ structure
    Code(
        "AV101",
        ERROR,
        "invalid folder or file name",
        "El nombre «{name}» en {file} no es válido: usa solo minúsculas sin acentos, números y guiones "
        "(por ejemplo «{suggestion}»). Cambia el nombre de la carpeta o del archivo.",
    ),
    Code(
        "AV102",
        ERROR,
        "index.md missing",
        "Falta el archivo index.md en la carpeta {file}. Crea {file}/index.md con el encabezado (front matter) "
        "y el texto.",
    ),
    Code(
        "AV103",
        ERROR,
        "file type not allowed",
        "El archivo {file} no está permitido en una carpeta de envío (solo index.md e imágenes {allowed}). "
        "Bórralo o conviértelo a un formato de imagen permitido.",
    ),
    Code(
        "AV104",
        ERROR,
        "symbolic link",
        "{file} es un enlace simbólico; no se aceptan. Sustitúyelo por el archivo o la carpeta real.",
    ),
    Code(
        "AV105",
        ERROR,
        "subfolder in a submission",
        "La carpeta {file} está dentro de una carpeta de envío; no se permiten subcarpetas. "
        "Mueve sus archivos junto a index.md.",
    ),
    Code(
        "AV106",
        WARNING,
        "system junk file",
        "{file} es un archivo del sistema operativo y no se publicará. Bórralo del envío.",
    ),
    Code(
        "AV107",
        ERROR,
        "file outside a submission folder",
        "{file} está fuera de una carpeta de envío. Cada artista va en content/artists/<artista>/ y cada obra "
        "en content/works/<artista>/<obra>/; mueve el archivo a su carpeta.",
    ),
    Code(
        "AV108",
        ERROR,
        "content file not Markdown",
        "{file} no es Markdown (.md, en minúsculas). Las entradas y páginas se escriben en Markdown: "
        "convierte el archivo a .md o cambia su terminación a «.md».",
    ),
    Code(
        "AV109",
        ERROR,
        "unreadable text file",
        "No se pudo leer {file} como texto UTF-8. Guárdalo con codificación UTF-8.",
    ),
    Code(
        "AV110",
        ERROR,
        "path leaves the folder",
        "En {file}, {where} apunta fuera de la carpeta del envío («{src}»). Pon la imagen en la misma "
        "carpeta que index.md y escribe solo su nombre, por ejemplo «{suggestion}».",
        variants=(
            (
                "images",
                "En {file}, {where} apunta fuera de la carpeta de imágenes {folder} («{src}»). Pon la "
                "imagen en {folder} (sin «..» ni enlaces simbólicos) y escríbela así, por ejemplo "
                "«{suggestion}».",
            ),
        ),
    ),
    Code(
        "AV111",
        ERROR,
        "absolute path",
        "En {file}, {where} usa una ruta absoluta («{src}»). Escribe solo el nombre del archivo de la "
        "misma carpeta, por ejemplo «{suggestion}».",
        variants=(
            (
                "images",
                "En {file}, {where} usa una ruta absoluta («{src}»). Pon la imagen en {folder} y "
                "escríbela así, por ejemplo «{suggestion}».",
            ),
        ),
    ),
    Code(
        "AV112",
        ERROR,
        "remote image",
        "En {file}, {where} carga una imagen de internet («{src}»). El sitio no descarga nada de fuera: "
        "sube la imagen a la carpeta del envío y escribe su nombre.",
        variants=(
            (
                "images",
                "En {file}, {where} carga una imagen de internet («{src}»). El sitio no descarga nada "
                "de fuera: sube la imagen a {folder} y escríbela así: «{example}».",
            ),
        ),
    ),
    Code(
        "AV113",
        ERROR,
        "hidden file in content/",
        "{file} es un archivo oculto (su nombre empieza con un punto). Los archivos ocultos pueden cambiar qué "
        "se revisa o cómo se publica, y no se aceptan en content/. Bórralo.",
    ),
    Code(
        "AV114",
        ERROR,
        "file or folder loose in content/",
        "{file} está suelto en content/: ahí solo van las carpetas artists/, works/, events/, blog/ y pages/. Mueve tu "
        "envío a su carpeta (por ejemplo content/works/<artista>/<obra>/) o bórralo.",
    ),
    Code(
        "AV115",
        ERROR,
        "name reserved by Windows",
        "El nombre «{name}» de {file} no se puede usar: Windows no permite crear archivos ni carpetas con ese "
        "nombre (con, prn, aux, nul, com1…, lpt1…). Cambia el nombre, por ejemplo «{suggestion}».",
    ),
    Code(
        "AV198",
        ERROR,
        "image could not be checked",
        "No se pudo revisar la imagen {file} ({detail}). Vuelve a exportarla como JPEG o PNG y súbela de nuevo.",
    ),
    Code(
        "AV199",
        ERROR,
        "internal error",
        "Error interno al revisar {file} ({detail}). No es culpa tuya: avisa a quien mantiene el sitio.",
    ),
    # ------------------------------------------------------------------ front matter
    Code(
        "AV201",
        ERROR,
        "front matter missing",
        "{file} debe empezar con una línea «---», luego líneas «clave: valor» y otra línea «---». "
        "Añade el encabezado (front matter) al principio del archivo.",
    ),
    Code(
        "AV202",
        ERROR,
        "front matter not closed",
        "El encabezado de {file} no se cierra. Añade una línea «---» después de la última línea «clave: valor».",
    ),
    Code(
        "AV203",
        ERROR,
        "malformed front-matter line",
        "La línea {line} de {file} no tiene la forma «clave: valor» («{snippet}»). Escribe cada dato en su "
        "propia línea como «title: Mi obra», con dos puntos y un espacio.",
    ),
    Code(
        "AV204",
        ERROR,
        "blank line in front matter",
        "Hay una línea vacía dentro del encabezado de {file} (línea {line}); Pelican dejaría de leer ahí. "
        "Bórrala.",
    ),
    Code(
        "AV205",
        ERROR,
        "duplicate key",
        "El campo «{field}» aparece dos veces en {file} (línea {line}). Deja solo una línea «{field}: …».",
    ),
    Code(
        "AV206",
        ERROR,
        "required field missing",
        "Falta el campo obligatorio «{field}» en {file}. Añade una línea «{field}: {example}» al encabezado.",
    ),
    Code(
        "AV207",
        ERROR,
        "required field empty",
        "El campo «{field}» de {file} está vacío. Escribe un valor, por ejemplo «{field}: {example}».",
    ),
    Code(
        "AV208",
        ERROR,
        "field not allowed (controls the site)",
        "El campo «{field}» de {file} cambiaría cómo o dónde se publica el sitio, y no se acepta en un envío. "
        "Borra esa línea.",
    ),
    Code(
        "AV209",
        WARNING,
        "unknown field",
        "El campo «{field}» de {file} no se conoce y no se mostrará (campos válidos: {known}). Revisa si está "
        "mal escrito o bórralo.",
    ),
    Code(
        "AV210",
        ERROR,
        "invalid date",
        "La fecha «{value}» en el campo «{field}» de {file} no es válida. Escríbela como AAAA-MM-DD, "
        "por ejemplo «2024-05-17».",
    ),
    Code(
        "AV211",
        ERROR,
        "license not allowed",
        "La licencia «{value}» en {file} no está en la lista permitida. Usa una de: {allowed}.",
    ),
    Code(
        "AV212",
        ERROR,
        "no consent",
        "El campo «consent» de {file} es «{value}». Para publicar la obra escribe «consent: yes» "
        "(confirma que la persona artista está de acuerdo).",
    ),
    Code(
        "AV213",
        ERROR,
        "unknown artist",
        "El campo «artist» de {file} dice «{value}», pero no existe content/artists/{value}/index.md. "
        "Crea el perfil de artista en el mismo envío o corrige el nombre.",
    ),
    Code(
        "AV214",
        ERROR,
        "artist does not match folder",
        "El campo «artist» de {file} dice «{value}», pero la obra está en la carpeta de «{folder}». "
        "Escribe «artist: {folder}» o mueve la obra a content/works/{value}/.",
    ),
    Code(
        "AV215",
        ERROR,
        "language not supported",
        "El idioma «{value}» en {file} no está disponible. Usa uno de: {allowed}.",
    ),
    Code(
        "AV216",
        ERROR,
        "invalid year",
        "El año «{value}» en {file} no es válido. Escribe un año de cuatro cifras entre {first} y "
        "{last}, por ejemplo «2023».",
    ),
    Code(
        "AV217",
        ERROR,
        "unsafe or invalid link",
        "El enlace «{value}» del campo «{field}» en {file} no es válido. Escribe direcciones completas que "
        "empiecen con https:// (o mailto:), separadas por comas.",
    ),
    Code(
        "AV218",
        ERROR,
        "invalid slug",
        "El campo «slug» de {file} («{value}») no es válido: usa solo minúsculas sin acentos, números y guiones, por ejemplo «{suggestion}».",
    ),
    Code(
        "AV219",
        ERROR,
        "address already used",
        "La dirección «{value}» de {file} ya la usa {other} en el mismo idioma, o es una sección del sitio. Elige otro «slug» o cambia el título.",
    ),
    Code(
        "AV220",
        ERROR,
        "a line ends with an invisible character",
        "En {file} (línea {line}) una línea del encabezado termina con un carácter invisible ({char}) en vez de "
        "un salto de línea normal. Cada programa lo lee distinto, así que no se acepta. Borra ese carácter y "
        "escribe cada «clave: valor» en su propia línea (en otro editor si hace falta).",
    ),
    Code(
        "AV221",
        ERROR,
        "header read differently by the site",
        "El sitio leería el encabezado de {file} de otra forma que la revisión (campos: {fields}). Escribe el "
        "encabezado de nuevo a mano: una línea «clave: valor» por campo, solo letras, números y espacios normales.",
    ),
    Code(
        "AV222",
        ERROR,
        "takes over another post's translation",
        "{file} tiene la misma dirección («{address}») que {other}, en otro idioma: se publicaría como su traducción, "
        "pero es de otra carpeta o de otra persona. Elige otro «slug» o cambia el título.",
    ),
    Code(
        "AV223",
        ERROR,
        "GitHub account already claimed by another artist",
        "El campo «github» de {file} (línea {line}) dice «{value}», la misma cuenta de GitHub que {other}. "
        "Una cuenta solo puede tener una carpeta de artista: con dos, una persona podría aprobar cambios en las obras "
        "de otra. Escribe tu propio usuario de GitHub o borra esa línea; si las dos carpetas son tuyas, junta todo en una.",
    ),
    Code(
        "AV224",
        WARNING,
        "name looks the same as another artist's",
        "El nombre «{value}» de {file} (campo «name», línea {line}) se ve igual que el de {other} («{other_value}»). "
        "Una persona del equipo revisará que nadie se haga pasar por otra. Si son personas distintas, añade algo que las "
        "distinga (un apellido, tu comunidad); si eres la misma persona, usa una sola carpeta.",
    ),
    Code(
        "AV225",
        WARNING,
        "profile picture identical to another artist's",
        "La imagen de perfil «{value}» de {file} (campo «avatar», línea {line}) es idéntica, byte por byte, a la de "
        "{other}. Una persona del equipo revisará que nadie se haga pasar por otra. Usa una foto o imagen tuya; si las "
        "dos carpetas son tuyas, usa una sola.",
    ),
    Code(
        "AV228",
        ERROR,
        "GitHub account number already claimed by another artist",
        "El campo «github_id» de {file} (línea {line}) es «{value}», el número de la misma cuenta de GitHub que {other}. "
        "Una cuenta es una persona artista con una sola carpeta: con dos, su perfil saldría dos veces y una carpeta "
        "podría recibir obras de otra persona. Si las dos carpetas son de la misma persona, pasa las obras de esta a "
        "{other} (cambiando su «artist») y borra esta carpeta; si esta carpeta es de otra persona, borra su línea «github_id».",
    ),
    Code(
        "AV229",
        ERROR,
        "github_id is not a GitHub account number",
        "El campo «github_id» de {file} (línea {line}) dice «{value}», que no es el número de una cuenta de GitHub "
        "(solo cifras del 0 al 9, sin ceros al principio). El sitio lo escribe solo cuando envías una obra desde "
        "un issue: vuelve a poner el número que tenía, o borra la línea.",
    ),
    # ------------------------------------------------------------------ text
    Code(
        "AV226",
        ERROR,
        "date outside the years the site publishes",
        "La fecha «{value}» en el campo «{field}» de {file} está fuera de los años que el sitio "
        "publica ({first} a {last}). Revisa el año: escribe la fecha como AAAA-MM-DD, por ejemplo "
        "«2024-05-17».",
    ),
    Code(
        "AV227",
        ERROR,
        "the work's artist profile has errors",
        "{file} está bien, pero no se publicará mientras el perfil de su artista, {artist}, tenga "
        "errores: la obra se muestra en ese perfil. Corrige primero los errores de {artist}.",
    ),
    # ------------------------------------------------------------------ events (content/events/)
    Code(
        "AV240",
        ERROR,
        "event date and time not valid",
        "El campo «{field}» de {file} dice «{value}», que no es una fecha y hora válida. Escríbela como "
        "AAAA-MM-DD HH:MM en hora local y con 24 horas, por ejemplo «2026-05-17 18:30».",
    ),
    Code(
        "AV241",
        ERROR,
        "unknown timezone",
        "La zona horaria «{value}» de {file} no existe. Escribe un nombre de la lista IANA, por ejemplo "
        "«America/Mexico_City», «America/Tijuana» o «America/Cancun», o borra la línea para usar la "
        "del sitio.",
    ),
    Code(
        "AV242",
        ERROR,
        "event ends before it starts",
        "En {file} el evento termina antes de empezar (o a la misma hora): empieza «{start}» y el campo "
        "«{field}» dice «{value}». Revisa la fecha y la hora de fin.",
    ),
    Code(
        "AV243",
        ERROR,
        "event duration not valid or too long",
        "El campo «{field}» de {file} dice «{value}»: la duración se escribe como un número y una "
        "unidad (90m, 2h, 3d) y un evento dura a lo más {days} días. Corrige la duración o la fecha de fin.",
    ),
    Code(
        "AV244",
        ERROR,
        "event needs exactly one of end or duration",
        "{file} necesita saber cuándo termina el evento: escribe «end: AAAA-MM-DD HH:MM» o "
        "«duration: 2h», solo uno de los dos.",
    ),
    Code(
        "AV245",
        ERROR,
        "event date outside the years the agenda shows",
        "La fecha «{value}» del campo «{field}» de {file} está fuera de los años que la agenda publica "
        "({first} a {last}). Revisa el año.",
    ),
    Code(
        "AV246",
        ERROR,
        "local time that does not exist in the timezone",
        "La hora «{value}» del campo «{field}» de {file} no existe en la zona «{timezone}»: ese día los "
        "relojes se adelantan y se la saltan. Escribe otra hora.",
    ),
    Code(
        "AV247",
        ERROR,
        "unknown event status",
        "El campo «status» de {file} dice «{value}»; solo puede ser uno de: {allowed}. Si el evento se "
        "cancela, escribe «cancelled»: la agenda lo sigue mostrando, marcado.",
    ),
    Code(
        "AV248",
        ERROR,
        "unknown repeat",
        "El campo «repeat» de {file} dice «{value}»; solo puede ser uno de: {allowed}.",
    ),
    Code(
        "AV249",
        ERROR,
        "repeat without an end, or with two",
        "El evento de {file} se repite: di cuándo termina con «until: AAAA-MM-DD» (la última fecha) o "
        "con «count: N» (cuántas veces), solo uno de los dos.",
    ),
    Code(
        "AV250",
        ERROR,
        "until or count not valid",
        "El campo «{field}» de {file} dice «{value}»: «until» es una fecha AAAA-MM-DD igual o posterior "
        "al inicio ({start}) y «count» un número entero mayor que cero. Corrígelo.",
    ),
    Code(
        "AV251",
        ERROR,
        "too many occurrences",
        "El evento de {file} se repetiría más de {limit} veces (campo «{field}»). Acorta «until» o "
        "«count»; si sigue después, publícalo otra vez más adelante.",
    ),
    Code(
        "AV252",
        ERROR,
        "organizer is not an artist of the site",
        "El campo «organizers» de {file} nombra «{name}», que no es una carpeta de artista en "
        "content/artists/. Escribe los slugs de artistas que existen, separados por comas, o crea "
        "primero el perfil.",
    ),
    Code(
        "AV253",
        ERROR,
        "work shown at the event does not exist",
        "El campo «works» de {file} nombra «{name}», que no es una obra del sitio. Escribe cada obra como "
        "artista/obra (las carpetas de content/works/), separadas por comas.",
    ),
    Code(
        "AV254",
        ERROR,
        "online address not https",
        "El campo «online» de {file} dice «{value}»: escribe una dirección completa que empiece con "
        "https:// (sin espacios ni usuario@).",
    ),
    Code(
        "AV255",
        WARNING,
        "address looks like a private home",
        "La dirección «{value}» de {file} parece la de una casa particular. Una persona del equipo la "
        "revisará: publicar dónde vive alguien puede ponerle en riesgo. Si es una casa, escribe solo la "
        "colonia o el barrio y comparte la dirección exacta en privado.",
    ),
    Code(
        "AV256",
        ERROR,
        "until or count without repeat",
        "{file} tiene «{field}» pero el evento no se repite. Agrega «repeat: weekly» o «repeat: "
        "monthly», o borra la línea «{field}».",
    ),
    Code(
        "AV257",
        ERROR,
        "too many organizers or works",
        "El campo «{field}» de {file} nombra más de {limit}. Deja solo los principales.",
    ),
    Code(
        "AV258",
        ERROR,
        "event folder name used by the agenda itself",
        "La carpeta del evento {file} se llama «{name}», un nombre que la agenda usa para sus propias "
        "páginas ({names}). Cambia el nombre de la carpeta.",
    ),
    Code(
        "AV301",
        ERROR,
        "active content removed",
        "{file} contiene contenido activo que no se permite ({what}): «{snippet}». Bórralo; el texto solo "
        "admite formato sencillo de Markdown (párrafos, énfasis, listas, enlaces, títulos).",
    ),
    Code(
        "AV302",
        WARNING,
        "formatting removed",
        "En {file} se quitará un formato que el sitio no admite ({what}): «{snippet}». Usa Markdown sencillo "
        "(párrafos, *cursiva*, **negrita**, listas, enlaces, ## títulos).",
    ),
    Code(
        "AV303",
        ERROR,
        "hidden or direction-changing characters",
        "El campo «{field}» de {file} tiene caracteres invisibles o que cambian la dirección del texto "
        "({chars}). Vuelve a escribir el texto a mano, sin copiar y pegar.",
    ),
    Code(
        "AV304",
        WARNING,
        "hidden characters in the text",
        "El texto de {file} (línea {line}) tiene caracteres invisibles ({chars}). Revisa esa línea y "
        "vuelve a escribirla si no son intencionales.",
    ),
    Code(
        "AV305",
        ERROR,
        "value too long",
        "El campo «{field}» de {file} tiene {length} caracteres; el máximo es {limit}. Acórtalo.",
    ),
    Code(
        "AV306",
        ERROR,
        "text too long",
        "El texto de {file} tiene {length} caracteres; el máximo es {limit}. Acórtalo.",
    ),
    Code(
        "AV307",
        ERROR,
        "active content in a field",
        "El campo «{field}» de {file} contiene código o HTML activo ({what}): «{snippet}». Escribe solo texto.",
    ),
    Code(
        "AV308",
        WARNING,
        "markup in a field",
        "El campo «{field}» de {file} contiene etiquetas HTML («{snippet}»); se mostrará como texto simple. "
        "Escribe solo texto.",
    ),
    Code(
        "AV309",
        WARNING,
        "text is empty",
        "{file} no tiene texto después del encabezado. Escribe unas líneas sobre la obra.",
        variants=(
            (
                "artist",
                "{file} no tiene texto después del encabezado. Escribe unas líneas sobre ti y tu trabajo.",
            ),
            (
                "event",
                "{file} no tiene texto después del encabezado. Escribe unas líneas sobre el evento: "
                "qué pasará y para quién.",
            ),
            (
                "blog",
                "{file} no tiene texto después del encabezado. Escribe unas líneas sobre el tema de la "
                "entrada.",
            ),
            (
                "page",
                "{file} no tiene texto después del encabezado. Escribe unas líneas sobre el tema de la "
                "página.",
            ),
        ),
    ),
    Code(
        "AV310",
        WARNING,
        "tag without letters or digits",
        "La etiqueta «{snippet}» de {file} no tiene letras ni números (por ejemplo, solo un emoji), "
        "así que no puede tener su página y no se mostrará. Escríbela con palabras, por ejemplo «maíz».",
    ),
    Code(
        "AV311",
        ERROR,
        "text too costly to turn into a page",
        "El texto de {file} tiene una forma que el programa que arma el sitio no puede convertir en "
        "página con un tiempo y un tamaño razonables ({why}). Suele venir de muchos signos seguidos o "
        "repetidos, como «[», «`», «*», «<», «>» o «:». Quita esas repeticiones o escríbelas de "
        "otra forma y vuelve a enviarlo.",
        variants=(
            # One sign is repeated a hundred times or more: the message names it.
            (
                "repeated",
                "El texto de {file} tiene una forma que el programa que arma el sitio no puede "
                "convertir en página con un tiempo y un tamaño razonables ({why}). Suele venir de "
                "muchos signos seguidos o repetidos, como «[», «`», «*», «<», «>» o «:»; aquí «{sign}» "
                "aparece {count} veces. Quita esas repeticiones o escríbelas de otra forma y vuelve a "
                "enviarlo.",
            ),
        ),
    ),
    Code(
        "AV312",
        ERROR,
        "a character that cannot be published",
        "{file} tiene en la línea {line} ({where}) un carácter que no se puede publicar ({chars}): "
        "un carácter de control, privado o sin asignar, que rompe las noticias del sitio (Atom) y se "
        "ve distinto en cada teléfono. Borra esa parte y escríbela otra vez a mano.",
    ),
    Code(
        "AV330",
        ERROR,
        "link text shows another site",
        "En {file} (línea {line}) el texto de un enlace muestra «{shown}», pero el enlace lleva a «{host}»: «{snippet}». "
        "Escribe como texto la dirección a la que lleva de verdad, o unas palabras que no sean una dirección.",
    ),
    Code(
        "AV331",
        ERROR,
        "address with a name before @",
        "La dirección «{snippet}» de {file} ({field}) lleva antes de «@» el texto «{user}», que parece el sitio "
        "pero no lo es: el enlace lleva a «{host}». Quita todo lo que va antes de «@» y escribe la dirección real.",
    ),
    Code(
        "AV332",
        ERROR,
        "ambiguous address",
        "La dirección «{snippet}» de {file} ({field}) tiene {what} en el nombre del sitio; cada navegador la "
        "puede leer distinto. Cópiala tal como aparece en la barra del navegador.",
    ),
    Code(
        "AV333",
        ERROR,
        "site name imitates another",
        "El nombre del sitio «{host}» en {file} ({field}) usa letras de otro alfabeto ({scripts}) que se ven "
        "como letras latinas; así se imitan sitios conocidos. Escribe la dirección con las letras del sitio real.",
    ),
    Code(
        "AV334",
        ERROR,
        "stacked accent marks",
        "El campo «{field}» de {file} (línea {line}) tiene {count} acentos o marcas seguidas sobre una letra "
        "(«{snippet}»); se dibujan encima del texto de alrededor. Deja como máximo {limit} por letra.",
    ),
    Code(
        "AV335",
        WARNING,
        "tag spelled differently from other works",
        "La etiqueta «{snippet}» de {file} ya existe en otras obras como «{established}», y así se mostrará "
        "también en esta. Escríbela igual: «{established}».",
    ),
    Code(
        "AV336",
        WARNING,
        "tag spelling would replace other works'",
        "La etiqueta «{snippet}» de {file} se escribe «{established}» en obras de otras personas ({others}); "
        "como la fecha de esta obra es la más antigua, su forma reemplazaría a la de ellas. Escríbela "
        "«{established}» (y revisa que la fecha sea la correcta).",
    ),
    # ------------------------------------------------------------------ image references
    Code(
        "AV401",
        ERROR,
        "image not found",
        "En {file}, {where} usa la imagen «{src}», que no está en la carpeta. Sube ese archivo junto a "
        "index.md o corrige el nombre (mayúsculas y extensión incluidas).",
        variants=(
            (
                "images",
                "En {file}, {where} usa la imagen «{src}», que no está en {folder}. Sube ese archivo a "
                "{folder} o corrige el nombre (mayúsculas y extensión incluidas).",
            ),
            # A file is there whose name differs only in capitals or accents: name it.
            (
                "near",
                "En {file}, {where} usa la imagen «{src}», que no está en la carpeta. Sube ese archivo "
                "junto a index.md o corrige el nombre (mayúsculas y extensión incluidas). ¿Quisiste "
                "decir «{near}»?",
            ),
            (
                "images-near",
                "En {file}, {where} usa la imagen «{src}», que no está en {folder}. Sube ese archivo a "
                "{folder} o corrige el nombre (mayúsculas y extensión incluidas). ¿Quisiste decir "
                "«{near}»?",
            ),
        ),
    ),
    Code(
        "AV402",
        ERROR,
        "alt text missing",
        "En {file} (línea {line}), la imagen «{src}» no tiene texto alternativo. Describe lo que se ve entre "
        "los corchetes: ![mural de colores con una mujer y un colibrí]({src}).",
    ),
    Code(
        "AV403",
        ERROR,
        "alt text is the file name",
        "En {file} (línea {line}), el texto alternativo de «{src}» es el nombre del archivo. Describe lo que "
        "se ve en la imagen.",
    ),
    Code(
        "AV404",
        ERROR,
        "alt text too generic",
        "En {file} (línea {line}), el texto alternativo «{alt}» de «{src}» no describe la imagen. Escribe qué "
        "se ve: colores, personas, técnica.",
    ),
    Code(
        "AV405",
        ERROR,
        "HTML image tag",
        "En {file} (línea {line}) hay una etiqueta HTML <img>. Usa la forma de Markdown: "
        '![descripción de la imagen](archivo.jpg "pie de foto opcional").',
    ),
    Code(
        "AV406",
        ERROR,
        "reference-style image",
        "En {file} (línea {line}) la imagen usa la forma de referencia («{snippet}»). Usa la forma directa: "
        "![descripción de la imagen](archivo.jpg).",
    ),
    Code(
        "AV407",
        WARNING,
        "image not used",
        "La imagen {file} no se usa en index.md y no se publicará. Añádela al texto con "
        "![descripción]({name}) o bórrala.",
        variants=(
            (
                "blog",
                "La imagen {file} no se usa en ninguna entrada del blog y no se publicará. Añádela al "
                "texto con ![descripción]({name}) o bórrala.",
            ),
            (
                "pages",
                "La imagen {file} no se usa en ninguna página y no se publicará. Añádela al texto con "
                "![descripción]({name}) o bórrala.",
            ),
        ),
    ),
    Code(
        "AV408",
        ERROR,
        "work without image",
        "La obra {file} no muestra ninguna imagen. Sube la foto de la obra a la carpeta y añádela al texto "
        "con ![descripción de la obra](foto.jpg); la primera imagen es la portada.",
    ),
    Code(
        "AV409",
        ERROR,
        "not an image file",
        "En {file}, {where} usa «{src}», que no es una imagen permitida ({allowed}). Usa una foto JPEG o PNG.",
    ),
    Code(
        "AV410",
        ERROR,
        "image file name with hidden or control characters",
        "En {file}, {where} usa el archivo «{src}», cuyo nombre tiene caracteres invisibles, de control, "
        "que cambian la dirección del texto o un acento suelto al principio ({characters}). Cambia el nombre "
        "del archivo escribiéndolo a mano, por ejemplo «{suggestion}», y escribe ese nombre en el texto.",
    ),
    # ------------------------------------------------------------------ addresses and output paths
    Code(
        "AV801",
        ERROR,
        "address belongs to the site",
        "{file} se publicaría en {address}, que ya es {other}. Elige otro «slug» o cambia el título.",
    ),
    Code(
        "AV802",
        ERROR,
        "address leaves the site",
        "{file} se escribiría fuera de la carpeta del sitio («{snippet}»). Borra el campo que cambia la dirección "
        "o cambia el título.",
    ),
    Code(
        "AV803",
        ERROR,
        "no address",
        "El título de {file} no tiene letras ni números con los que formar su dirección (por ejemplo, solo emojis "
        "o signos). Añade palabras al título o escribe «slug: mi-entrada».",
    ),
    Code(
        "AV804",
        ERROR,
        "address differs only in capitals",
        "{file} se publicaría en {address}, que solo se distingue por mayúsculas de {other}; en muchos "
        "servidores son la misma dirección. Elige otro «slug» o cambia el título.",
    ),
    Code(
        "AV805",
        ERROR,
        "address reserved by Windows",
        "{file} se publicaría en {address}, un nombre que Windows no permite (con, prn, aux, nul, com1…, lpt1…). "
        "Elige otro «slug» o cambia el título.",
    ),
    Code(
        "AV806",
        ERROR,
        "address could not be worked out",
        "No se pudo calcular dónde se publicaría {file} (algún valor del encabezado no es válido). Revisa la "
        "fecha, el idioma y el título.",
    ),
    # ------------------------------------------------------------------ review of a branch
    Code(
        "AV901",
        ERROR,
        "git submodule in content",
        "{file} es un submódulo de git (un enlace a otro repositorio); el sitio no los publica. "
        "Quítalo con «git rm» y copia los archivos reales en la carpeta del envío.",
    ),
    # ------------------------------------------------------------------ personal data and review
    Code(
        "AV601",
        WARNING,
        "e-mail address",
        "{file} (línea {line}, {field}) muestra un correo electrónico («{snippet}»). Se publicará para "
        "cualquiera; bórralo si no quieres que sea público.",
    ),
    Code(
        "AV602",
        WARNING,
        "phone number",
        "{file} (línea {line}, {field}) muestra un número de teléfono («{snippet}»). Se publicará para "
        "cualquiera; bórralo si no quieres que sea público.",
    ),
    Code(
        "AV603",
        WARNING,
        "needs human review",
        "{file} (línea {line}, {field}) contiene «{term}», de la lista de términos que una persona debe "
        "revisar antes de publicar. Quien revisa el envío lo leerá; no tienes que cambiar nada por ahora.",
    ),
    # ------------------------------------------------------------------ repository
    Code(
        "AV701",
        WARNING,
        "CODEOWNERS does not match the artists' github keys",
        "{file} no está al día con los usuarios de GitHub (clave «github») de content/artists/. No "
        "tienes que hacer nada: quien mantiene el sitio ejecuta `invoke codeowners` y guarda el "
        "resultado.",
        variants=(
            (
                "missing",
                "{file} no existe: se genera con los usuarios de GitHub (clave «github») de "
                "content/artists/. No tienes que hacer nada: quien mantiene el sitio ejecuta "
                "`invoke codeowners` y guarda el resultado.",
            ),
        ),
    ),
    Code(
        "AV702",
        WARNING,
        "the github key is not a GitHub user name",
        "En {file}, «github: {written}» no es un usuario de GitHub, así que no se usa. Escribe solo tu "
        "usuario (letras, números y guiones, por ejemplo «github: luzmendoza») o borra la línea.",
    ),
    Code(
        "AV703",
        WARNING,
        "a change adds, changes or removes an artist folder's GitHub account",
        "Este cambio cambia la cuenta de GitHub de {file} (campo «{field}»): antes «{before}», ahora "
        f"«{{after}}». {_ACCOUNT_CHECKED}",
        variants=(
            (
                "added",
                "Este cambio cambia la cuenta de GitHub de {file} (campo «{field}»): antes ninguna, "
                f"ahora «{{after}}». {_ACCOUNT_CHECKED}",
            ),
            (
                "removed",
                "Este cambio cambia la cuenta de GitHub de {file} (campo «{field}»): antes «{before}», "
                f"ahora ninguna. {_ACCOUNT_CHECKED}",
            ),
        ),
    ),
]

# ------------------------------------------------------------------ image files
# Measured by altavoz_images.validation (AV530: altavoz_images.pipeline, during the build),
# which fills each blank with what it found; worded here like every other code.
_IMAGES = "altavoz_images.validation"
_EXPORT = "Exporta o toma la foto de nuevo como JPEG o PNG"
_CLEAN = "Ejecuta `invoke strip {file}` (no cambia los píxeles) y sube el archivo limpio"
_CODES += [
    Code(
        "AV501",
        ERROR,
        "unsupported file format",
        "`{file}` no es una imagen aceptada (el contenido es {kind}). Se aceptan JPEG, PNG, WebP, "
        f"GIF y HEIC. {_EXPORT}.",
        _IMAGES,
    ),
    Code(
        "AV502",
        ERROR,
        "SVG refused",
        "`{file}` es un SVG. Los SVG pueden contener código que se ejecuta en el navegador, así que "
        f"no se aceptan. {_EXPORT} (PNG si es un dibujo vectorial).",
        _IMAGES,
    ),
    Code(
        "AV503",
        ERROR,
        "extension does not match the content",
        "`{file}` dice ser `{suffix}` pero en realidad es {kind}. Renómbralo a `{good}` y actualiza "
        "la referencia en `index.md`.",
        _IMAGES,
    ),
    Code(
        "AV504",
        ERROR,
        "empty file",
        "`{file}` está vacío (0 bytes): la subida no terminó. Bórralo y vuelve a subir la imagen.",
        _IMAGES,
    ),
    Code(
        "AV505",
        ERROR,
        "file too large",
        "`{file}` pesa {size}; el máximo es {limit}. Exporta la foto más pequeña (por ejemplo 4000 px "
        "de lado mayor, calidad JPEG 90) y súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV506",
        ERROR,
        "corrupt or truncated image",
        "`{file}` está dañado o incompleto y no se puede abrir ({detail}). Vuelve a exportar la "
        "imagen desde tu teléfono o computadora y súbela otra vez.",
        _IMAGES,
        variants=(("unreadable", "No se pudo leer `{file}` ({detail})."),),
    ),
    Code(
        "AV507",
        ERROR,
        "too many pixels (decompression-bomb limit)",
        "`{file}` tiene demasiados píxeles (más de {megapixels} megapíxeles). Exporta la imagen a un "
        "tamaño normal (por ejemplo 4000 px de lado mayor) y súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV508",
        ERROR,
        "absurd dimensions or aspect ratio",
        "`{file}` mide {width}×{height} px: ese tamaño o esas proporciones no son los de una foto de "
        "una obra. Recorta la imagen a la obra (proporción de hasta {ratio}:1) y súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV509",
        WARNING,
        "image too small to show well",
        "`{file}` mide solo {width}×{height} px y se verá borrosa en pantallas grandes. Si tienes una "
        "versión más grande (al menos {useful} px de lado mayor), súbela.",
        _IMAGES,
    ),
    Code(
        "AV510",
        WARNING,
        "animated image: only the first frame is published",
        "`{file}` es animado ({frames} cuadros): en el sitio solo se mostrará el primer cuadro, como "
        "imagen fija. Si quieres mostrar otro momento, sube ese cuadro como JPEG o PNG.",
        _IMAGES,
    ),
    Code(
        "AV511",
        ERROR,
        "data hidden after the end of the image (another image, anything)",
        "`{file}` tiene {count} bytes escondidos después del final de la imagen (otra imagen u otros "
        "datos: no se ven, pero cualquiera puede descargarlos del repositorio). "
        f"{_CLEAN}, o exporta la foto de nuevo.",
        _IMAGES,
    ),
    Code(
        "AV520",
        ERROR,
        "private metadata: GPS data in any form, owner name or serial numbers",
        "`{file}` contiene datos privados ({what}) que quedarían públicos para siempre en el "
        f"historial del repositorio. {_CLEAN}, o exporta la foto sin ubicación ni datos de la cámara.",
        _IMAGES,
        variants=(
            (
                "gps",
                "`{file}` contiene datos privados ({what}) que quedarían públicos para siempre en el "
                f"historial del repositorio. {_CLEAN}, o exporta la foto sin ubicación ni datos de "
                "la cámara. Para tus próximas fotos: desactiva la ubicación en la app de la cámara, o "
                "al compartir la foto toca «Opciones» y apaga «Ubicación».",
            ),
        ),
    ),
    Code(
        "AV521",
        ERROR,
        "too many JPEG scans: the file would take minutes to decode",
        "`{file}` es un JPEG progresivo con más de {limit} pasadas (scans). Una foto normal tiene "
        f"menos de 20, y tantas hacen que abrirla tarde minutos. {_EXPORT} normal (no «progresivo») "
        "y súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV522",
        ERROR,
        "too many markers, chunks, blocks or boxes: minutes to read",
        "`{file}` está hecho de más de {limit} partes internas (marcadores, bloques, «chunks»); un "
        "archivo así tarda minutos en abrirse y no lo produce ninguna cámara. "
        f"{_EXPORT} y súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV523",
        ERROR,
        "too many frames or images inside one file",
        "`{file}` tiene más de {limit} cuadros o imágenes dentro. En el sitio se muestra una sola "
        f"imagen: {_EXPORT[0].lower() + _EXPORT[1:]} solo con el cuadro que quieres mostrar y "
        "súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV524",
        ERROR,
        "too much metadata (text, profiles, thumbnails) inside the file",
        "`{file}` lleva más de {limit} de datos añadidos (textos, perfiles, miniaturas). "
        f"{_EXPORT} sin esos datos y súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV525",
        ERROR,
        "the image takes too long to decode",
        "`{file}` tarda demasiado en abrirse (más de {seconds} de cálculo): una foto normal se abre "
        f"en menos de uno. {_EXPORT} y súbela otra vez.",
        _IMAGES,
    ),
    Code(
        "AV530",
        ERROR,
        "the image could not be processed during the build",
        "`{file}` no se pudo procesar para publicarla ({detail}). Vuelve a exportar la imagen como "
        "JPEG o PNG desde tu teléfono o computadora y súbela otra vez.",
        "altavoz_images.pipeline",
    ),
]

CODES: dict[str, Code] = {code.code: code for code in _CODES}


# Words that fill a blank of several messages and change with the language (a noun phrase:
# where in the file, what was found). msgctxt "piece:<name>"; a caller passes
# Words("<name>", **values) as the blank's value and each language gets its own wording.
PIECES: dict[str, str] = {
    "where:field": "el campo «{field}»",
    "where:image-line": "la imagen de la línea {line}",
    "where:text": "el texto",
    "where:header": "el encabezado",
    # What makes an address ambiguous (AV332: "tiene {what} en el nombre del sitio").
    "address:badly-encoded": "un nombre mal codificado",
    "address:backslash": "una barra invertida «\\»",
    "address:malformed": "un nombre mal formado",
    "address:percent": "letras escritas con «%»",
    "address:look-alike-signs": "signos que el navegador lee como otros (letras anchas o de otro "
    "tipo, puntos que no son «.»)",
    "address:port-digits": "un puerto con cifras de otra escritura",
    "address:numeric": "una dirección numérica escrita de otra forma (se lee como «{dotted}»)",
    # Why the text could not be turned into a page (AV311: "({why})").
    "render:cpu": "más de {seconds} de cálculo",
    "render:wall": "sin respuesta en {seconds}",
    "render:memory": "más de {limit} MB de memoria",
    "render:broken": "el programa falla con este texto",
    "render:size": "la página tendría más de {limit} caracteres",
    # What the site writes for itself at an address a submission asks for (AV801, AV219…).
    "site:blog-index": "la portada del blog",
    "site:blog-tags": "la lista de etiquetas del blog",
    "site:blog-archive": "el archivo del blog",
    "site:404": "la página de error 404",
    "site:gallery-index": "la portada de la galería",
    "site:artists": "la lista de artistas",
    "site:work-tags": "la lista de etiquetas de obras",
    "site:search-index": "el índice de búsqueda",
    "site:sitemap": "el mapa del sitio",
    "site:file": "el archivo {name}",
    "site:section": "una sección del sitio",
    "site:blog-tag": "la página de la etiqueta «{name}»",
    "site:work-tag": "la página de obras «{name}»",
    "site:theme-files": "los archivos del diseño",
    "site:language-site": "el sitio en «{lang}»",
    "site:images-folder": "las imágenes de {folder}",
    "seconds:one": "{number} segundo",
    "seconds:many": "{number} segundos",
    "image:no-extension": "(sin extensión)",
    "image:unknown-content": "desconocido",
    "privacy:gps": "la ubicación GPS",
    "privacy:owner": "el nombre del dueño/autor",
    "privacy:serial": "números de serie de la cámara o del lente",
}


class Words:
    """A blank worded per language: the piece ``name`` of the catalogs, filled with ``values``."""

    __slots__ = ("name", "values")

    def __init__(self, name: str, /, **values):
        if name not in PIECES:
            raise KeyError(f"no piece named {name!r} in altavoz_core.codes.PIECES")
        self.name = name
        self.values = values

    def text(self, lang: str) -> str:
        template = catalogs.translate(f"piece:{self.name}", PIECES[self.name], lang)
        return _filled(template, lang, self.values)

    def __repr__(self) -> str:
        return f"Words({self.name!r}, **{self.values!r})"

    def _key(self):
        return self.name, tuple(sorted(self.values.items()))

    def __eq__(self, other) -> bool:
        return isinstance(other, Words) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def seconds(value: float) -> Words:
    """A duration in a message: "1 segundo", "2.5 segundos" (Mexico writes decimals with a
    point, as English does)."""
    number = f"{value:g}"
    return Words("seconds:one" if number == "1" else "seconds:many", number=number)


def catalog_entries() -> list[catalogs.Entry]:
    """The codes' messages and pieces as entries of the message catalogs (msgctxt = name)."""
    found = [
        catalogs.Entry(context, spanish, comment=f"{code.code}: {code.title}")
        for code in _CODES
        for context, spanish in code.messages()
    ]
    found += [
        catalogs.Entry(f"piece:{name}", spanish, comment="a part of several messages")
        for name, spanish in PIECES.items()
    ]
    return found


class _Defaults(dict):
    def __missing__(self, key):
        return "?"


def _worded(value, lang: str):
    """A value as ``lang`` reads it: Words in that language, a list of them joined."""
    if isinstance(value, Words):
        return value.text(lang)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Words) for v in value):
        return ", ".join(v.text(lang) for v in value)
    return value


def _filled(template: str, lang: str, values: dict) -> str:
    """``template`` with ``values``, each ``Words`` worded in ``lang``."""
    return template.format_map(_Defaults({key: _worded(v, lang) for key, v in values.items()}))


def make_finding(
    code: str,
    path: str,
    *,
    field: str | None = None,
    line: int | None = None,
    snippet: str | None = None,
    variant: str | None = None,
    **values,
) -> Finding:
    """A Finding for ``code``; messages filled from ``values`` plus file/field/line/snippet.

    ``variant`` names another wording of the code (``Code.variants``); a value may be
    ``Words`` (worded in each language from the catalogs).
    """
    spec = CODES[code]
    if spec.es is None and variant is None:
        raise ValueError(f"{code} has no message template")
    values.setdefault("file", path)
    values.setdefault("field", field or "")
    values.setdefault("line", line if line is not None else "?")
    values.setdefault("snippet", snippet or "")
    values.setdefault("where", Words("where:field", field=field))
    return Finding(
        code=code,
        severity=spec.severity,
        path=path,
        message_es=_filled(spec.template("es", variant), "es", values),
        message_en=_filled(spec.template("en", variant), "en", values),
        field=field,
        line=line,
        snippet=snippet,
    )
