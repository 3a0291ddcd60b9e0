"""Every finding code, its severity and its message in Spanish and English.

Codes are stable (tests, CI annotations and maintainers refer to them); CODES.md is
the readable table and a test keeps the two in step. Ranges: AV1xx structure,
AV2xx front matter, AV3xx text and sanitizer, AV4xx image references, AV5xx image
files, AV6xx personal data and review terms, AV7xx the repository (CODEOWNERS), AV8xx
addresses and output paths (where the build would write a submission, for every language
site), AV9xx what `invoke review` finds in a branch's git tree.

Messages are ``str.format`` templates; ``{file}`` is the file the finding is about and
``{field}`` the front-matter key or part. Each message says what is wrong and the fix.
The image files (AV5xx) and the CODEOWNERS codes (AV701, AV702) have no template here:
the module named in ``Code.reported_by`` words each message with what only it measured
(sizes, dimensions, the metadata found), with the severity this catalogue gives.
Pure Python: importing this module loads neither Pelican nor Pillow.
"""

# ruff: noqa: E501  (a catalogue of long bilingual messages reads better unwrapped)
from __future__ import annotations

from dataclasses import dataclass

from .findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    title: str  # short English name for tables
    es: str | None = None  # the message templates, when make_finding words the message
    en: str | None = None
    reported_by: str | None = None  # the module that words the message itself, if another


_CODES = [
    # ------------------------------------------------------------------ structure
    Code(
        "AV101",
        ERROR,
        "invalid folder or file name",
        "El nombre «{name}» en {file} no es válido: usa solo minúsculas sin acentos, números y guiones "
        "(por ejemplo «{suggestion}»). Cambia el nombre de la carpeta o del archivo.",
        "The name '{name}' in {file} is not valid: use only lowercase letters without accents, digits and "
        "hyphens (for example '{suggestion}'). Rename the folder or file.",
    ),
    Code(
        "AV102",
        ERROR,
        "index.md missing",
        "Falta el archivo index.md en la carpeta {file}. Crea {file}/index.md con el encabezado (front matter) "
        "y el texto.",
        "The folder {file} has no index.md. Create {file}/index.md with the front matter and the text.",
    ),
    Code(
        "AV103",
        ERROR,
        "file type not allowed",
        "El archivo {file} no está permitido en una carpeta de envío (solo index.md e imágenes {allowed}). "
        "Bórralo o conviértelo a un formato de imagen permitido.",
        "The file {file} is not allowed in a submission folder (only index.md and {allowed} images). "
        "Delete it or convert it to an allowed image format.",
    ),
    Code(
        "AV104",
        ERROR,
        "symbolic link",
        "{file} es un enlace simbólico; no se aceptan. Sustitúyelo por el archivo o la carpeta real.",
        "{file} is a symbolic link, which is not accepted. Replace it with the real file or folder.",
    ),
    Code(
        "AV105",
        ERROR,
        "subfolder in a submission",
        "La carpeta {file} está dentro de una carpeta de envío; no se permiten subcarpetas. "
        "Mueve sus archivos junto a index.md.",
        "The folder {file} is inside a submission folder; subfolders are not allowed. "
        "Move its files next to index.md.",
    ),
    Code(
        "AV106",
        WARNING,
        "system junk file",
        "{file} es un archivo del sistema operativo y no se publicará. Bórralo del envío.",
        "{file} is an operating-system file and will not be published. Delete it from the submission.",
    ),
    Code(
        "AV107",
        ERROR,
        "file outside a submission folder",
        "{file} está fuera de una carpeta de envío. Cada artista va en content/artists/<artista>/ y cada obra "
        "en content/works/<artista>/<obra>/; mueve el archivo a su carpeta.",
        "{file} is outside a submission folder. Each artist goes in content/artists/<artist>/ and each work in "
        "content/works/<artist>/<work>/; move the file into its folder.",
    ),
    Code(
        "AV108",
        ERROR,
        "content file not Markdown",
        "{file} no es Markdown (.md, en minúsculas). Las entradas y páginas se escriben en Markdown: "
        "convierte el archivo a .md o cambia su terminación a «.md».",
        "{file} is not Markdown (.md, in lowercase). Posts and pages are written in Markdown: convert "
        "the file to .md or rename its ending to '.md'.",
    ),
    Code(
        "AV109",
        ERROR,
        "unreadable text file",
        "No se pudo leer {file} como texto UTF-8. Guárdalo con codificación UTF-8.",
        "{file} could not be read as UTF-8 text. Save it with UTF-8 encoding.",
    ),
    Code(
        "AV110",
        ERROR,
        "path leaves the folder",
        "En {file}, {where_es} apunta fuera de {folder_es} («{src}»). {fix_es}, por ejemplo «{suggestion}».",
        "In {file}, {where_en} points outside {folder_en} ('{src}'). {fix_en}, for example '{suggestion}'.",
    ),
    Code(
        "AV111",
        ERROR,
        "absolute path",
        "En {file}, {where_es} usa una ruta absoluta («{src}»). {fix_es}, por ejemplo «{suggestion}».",
        "In {file}, {where_en} uses an absolute path ('{src}'). {fix_en}, for example '{suggestion}'.",
    ),
    Code(
        "AV112",
        ERROR,
        "remote image",
        "En {file}, {where_es} carga una imagen de internet («{src}»). El sitio no descarga nada de fuera: {fix_es}.",
        "In {file}, {where_en} loads an image from the internet ('{src}'). The site fetches nothing from outside: "
        "{fix_en}.",
    ),
    Code(
        "AV113",
        ERROR,
        "hidden file in content/",
        "{file} es un archivo oculto (su nombre empieza con un punto). Los archivos ocultos pueden cambiar qué "
        "se revisa o cómo se publica, y no se aceptan en content/. Bórralo.",
        "{file} is a hidden file (its name starts with a dot). Hidden files can change what is reviewed or how "
        "the site is published, and are not accepted in content/. Delete it.",
    ),
    Code(
        "AV114",
        ERROR,
        "file or folder loose in content/",
        "{file} está suelto en content/: ahí solo van las carpetas artists/, works/, events/, blog/ y pages/. Mueve tu "
        "envío a su carpeta (por ejemplo content/works/<artista>/<obra>/) o bórralo.",
        "{file} is loose in content/: only the folders artists/, works/, events/, blog/ and pages/ go there. Move your "
        "submission into its folder (for example content/works/<artist>/<work>/) or delete it.",
    ),
    Code(
        "AV115",
        ERROR,
        "name reserved by Windows",
        "El nombre «{name}» de {file} no se puede usar: Windows no permite crear archivos ni carpetas con ese "
        "nombre (con, prn, aux, nul, com1…, lpt1…). Cambia el nombre, por ejemplo «{suggestion}».",
        "The name '{name}' of {file} cannot be used: Windows cannot create files or folders with that name "
        "(con, prn, aux, nul, com1…, lpt1…). Rename it, for example '{suggestion}'.",
    ),
    Code(
        "AV198",
        ERROR,
        "image could not be checked",
        "No se pudo revisar la imagen {file} ({detail}). Vuelve a exportarla como JPEG o PNG y súbela de nuevo.",
        "The image {file} could not be checked ({detail}). Export it again as JPEG or PNG and upload it again.",
    ),
    Code(
        "AV199",
        ERROR,
        "internal error",
        "Error interno al revisar {file} ({detail}). No es culpa tuya: avisa a quien mantiene el sitio.",
        "Internal error while checking {file} ({detail}). Not your fault: tell the site maintainers.",
    ),
    # ------------------------------------------------------------------ front matter
    Code(
        "AV201",
        ERROR,
        "front matter missing",
        "{file} debe empezar con una línea «---», luego líneas «clave: valor» y otra línea «---». "
        "Añade el encabezado (front matter) al principio del archivo.",
        "{file} must start with a '---' line, then 'key: value' lines and another '---' line. "
        "Add the front matter at the top of the file.",
    ),
    Code(
        "AV202",
        ERROR,
        "front matter not closed",
        "El encabezado de {file} no se cierra. Añade una línea «---» después de la última línea «clave: valor».",
        "The front matter of {file} is not closed. Add a '---' line after the last 'key: value' line.",
    ),
    Code(
        "AV203",
        ERROR,
        "malformed front-matter line",
        "La línea {line} de {file} no tiene la forma «clave: valor» («{snippet}»). Escribe cada dato en su "
        "propia línea como «title: Mi obra», con dos puntos y un espacio.",
        "Line {line} of {file} is not in the form 'key: value' ('{snippet}'). Write each item on its own line "
        "like 'title: My work', with a colon and a space.",
    ),
    Code(
        "AV204",
        ERROR,
        "blank line in front matter",
        "Hay una línea vacía dentro del encabezado de {file} (línea {line}); Pelican dejaría de leer ahí. "
        "Bórrala.",
        "There is a blank line inside the front matter of {file} (line {line}); Pelican would stop reading "
        "there. Delete it.",
    ),
    Code(
        "AV205",
        ERROR,
        "duplicate key",
        "El campo «{field}» aparece dos veces en {file} (línea {line}). Deja solo una línea «{field}: …».",
        "The field '{field}' appears twice in {file} (line {line}). Keep only one '{field}: …' line.",
    ),
    Code(
        "AV206",
        ERROR,
        "required field missing",
        "Falta el campo obligatorio «{field}» en {file}. Añade una línea «{field}: {example}» al encabezado.",
        "The required field '{field}' is missing in {file}. Add a line '{field}: {example}' to the front matter.",
    ),
    Code(
        "AV207",
        ERROR,
        "required field empty",
        "El campo «{field}» de {file} está vacío. Escribe un valor, por ejemplo «{field}: {example}».",
        "The field '{field}' in {file} is empty. Write a value, for example '{field}: {example}'.",
    ),
    Code(
        "AV208",
        ERROR,
        "field not allowed (controls the site)",
        "El campo «{field}» de {file} cambiaría cómo o dónde se publica el sitio, y no se acepta en un envío. "
        "Borra esa línea.",
        "The field '{field}' in {file} would change how or where the site is published and is not accepted "
        "in a submission. Delete that line.",
    ),
    Code(
        "AV209",
        WARNING,
        "unknown field",
        "El campo «{field}» de {file} no se conoce y no se mostrará (campos válidos: {known}). Revisa si está "
        "mal escrito o bórralo.",
        "The field '{field}' in {file} is unknown and will not be shown (valid fields: {known}). Check the "
        "spelling or delete it.",
    ),
    Code(
        "AV210",
        ERROR,
        "invalid date",
        "La fecha «{value}» en el campo «{field}» de {file} no es válida. Escríbela como AAAA-MM-DD, "
        "por ejemplo «2024-05-17».",
        "The date '{value}' in the field '{field}' of {file} is not valid. Write it as YYYY-MM-DD, "
        "for example '2024-05-17'.",
    ),
    Code(
        "AV211",
        ERROR,
        "license not allowed",
        "La licencia «{value}» en {file} no está en la lista permitida. Usa una de: {allowed}.",
        "The license '{value}' in {file} is not in the allowed list. Use one of: {allowed}.",
    ),
    Code(
        "AV212",
        ERROR,
        "no consent",
        "El campo «consent» de {file} es «{value}». Para publicar la obra escribe «consent: yes» "
        "(confirma que la persona artista está de acuerdo).",
        "The 'consent' field of {file} is '{value}'. To publish the work write 'consent: yes' "
        "(confirming the artist agrees).",
    ),
    Code(
        "AV213",
        ERROR,
        "unknown artist",
        "El campo «artist» de {file} dice «{value}», pero no existe content/artists/{value}/index.md. "
        "Crea el perfil de artista en el mismo envío o corrige el nombre.",
        "The 'artist' field of {file} says '{value}', but content/artists/{value}/index.md does not exist. "
        "Add the artist profile in the same change or fix the name.",
    ),
    Code(
        "AV214",
        ERROR,
        "artist does not match folder",
        "El campo «artist» de {file} dice «{value}», pero la obra está en la carpeta de «{folder}». "
        "Escribe «artist: {folder}» o mueve la obra a content/works/{value}/.",
        "The 'artist' field of {file} says '{value}', but the work is in the folder of '{folder}'. "
        "Write 'artist: {folder}' or move the work to content/works/{value}/.",
    ),
    Code(
        "AV215",
        ERROR,
        "language not supported",
        "El idioma «{value}» en {file} no está disponible. Usa uno de: {allowed}.",
        "The language '{value}' in {file} is not available. Use one of: {allowed}.",
    ),
    Code(
        "AV216",
        ERROR,
        "invalid year",
        "El año «{value}» en {file} no es válido. Escribe un año de cuatro cifras entre {first} y "
        "{last}, por ejemplo «2023».",
        "The year '{value}' in {file} is not valid. Write a four-digit year between {first} and "
        "{last}, for example '2023'.",
    ),
    Code(
        "AV217",
        ERROR,
        "unsafe or invalid link",
        "El enlace «{value}» del campo «{field}» en {file} no es válido. Escribe direcciones completas que "
        "empiecen con https:// (o mailto:), separadas por comas.",
        "The link '{value}' in the field '{field}' of {file} is not valid. Write full addresses starting with "
        "https:// (or mailto:), separated by commas.",
    ),
    Code(
        "AV218",
        ERROR,
        "invalid slug",
        "El campo «slug» de {file} («{value}») no es válido: usa solo minúsculas sin acentos, números y guiones, por ejemplo «{suggestion}».",
        "The 'slug' field of {file} ('{value}') is not valid: use only lowercase letters without accents, digits and hyphens, for example '{suggestion}'.",
    ),
    Code(
        "AV219",
        ERROR,
        "address already used",
        "La dirección «{value}» de {file} ya la usa {other} en el mismo idioma, o es una sección del sitio. Elige otro «slug» o cambia el título.",
        "The address '{value}' of {file} is already used by {other} in the same language, or is a section of the site. Choose another 'slug' or change the title.",
    ),
    Code(
        "AV220",
        ERROR,
        "a line ends with an invisible character",
        "En {file} (línea {line}) una línea del encabezado termina con un carácter invisible ({char}) en vez de "
        "un salto de línea normal. Cada programa lo lee distinto, así que no se acepta. Borra ese carácter y "
        "escribe cada «clave: valor» en su propia línea (en otro editor si hace falta).",
        "In {file} (line {line}) a line of the header ends with an invisible character ({char}) instead of an "
        "ordinary line break. Programs read it differently, so it is not accepted. Delete that character and "
        "write each 'key: value' on its own line (in another editor if needed).",
    ),
    Code(
        "AV221",
        ERROR,
        "header read differently by the site",
        "El sitio leería el encabezado de {file} de otra forma que la revisión (campos: {fields}). Escribe el "
        "encabezado de nuevo a mano: una línea «clave: valor» por campo, solo letras, números y espacios normales.",
        "The site would read the header of {file} differently from the check (fields: {fields}). Type the "
        "header again by hand: one 'key: value' line per field, only letters, digits and ordinary spaces.",
    ),
    Code(
        "AV222",
        ERROR,
        "takes over another post's translation",
        "{file} tiene la misma dirección («{address}») que {other}, en otro idioma: se publicaría como su traducción, "
        "pero es de otra carpeta o de otra persona. Elige otro «slug» o cambia el título.",
        "{file} has the same address ('{address}') as {other}, in another language: it would be published as its "
        "translation, but it is in another folder or by another author. Choose another 'slug' or change the title.",
    ),
    Code(
        "AV223",
        ERROR,
        "GitHub account already claimed by another artist",
        "El campo «github» de {file} (línea {line}) dice «{value}», la misma cuenta de GitHub que {other}. "
        "Una cuenta solo puede tener una carpeta de artista: con dos, una persona podría aprobar cambios en las obras "
        "de otra. Escribe tu propio usuario de GitHub o borra esa línea; si las dos carpetas son tuyas, junta todo en una.",
        "The field 'github' of {file} (line {line}) says '{value}', the same GitHub account as {other}. "
        "An account can have only one artist folder: with two, one person could approve changes to another's "
        "works. Write your own GitHub user name or delete that line; if both folders are yours, merge them into one.",
    ),
    Code(
        "AV224",
        WARNING,
        "name looks the same as another artist's",
        "El nombre «{value}» de {file} (campo «name», línea {line}) se ve igual que el de {other} («{other_value}»). "
        "Una persona del equipo revisará que nadie se haga pasar por otra. Si son personas distintas, añade algo que las "
        "distinga (un apellido, tu comunidad); si eres la misma persona, usa una sola carpeta.",
        "The name '{value}' in {file} (field 'name', line {line}) looks the same as that of {other} ('{other_value}'). "
        "A reviewer will check that nobody is impersonating someone else. If you are different people, add something "
        "that tells you apart (a surname, your community); if you are the same person, use one folder.",
    ),
    Code(
        "AV225",
        WARNING,
        "profile picture identical to another artist's",
        "La imagen de perfil «{value}» de {file} (campo «avatar», línea {line}) es idéntica, byte por byte, a la de "
        "{other}. Una persona del equipo revisará que nadie se haga pasar por otra. Usa una foto o imagen tuya; si las "
        "dos carpetas son tuyas, usa una sola.",
        "The profile picture '{value}' in {file} (field 'avatar', line {line}) is identical, byte for byte, to that "
        "of {other}. A reviewer will check that nobody is impersonating someone else. Use a picture of your own; if "
        "both folders are yours, use one folder.",
    ),
    Code(
        "AV228",
        ERROR,
        "GitHub account number already claimed by another artist",
        "El campo «github_id» de {file} (línea {line}) es «{value}», el número de la misma cuenta de GitHub que {other}. "
        "Una cuenta es una persona artista con una sola carpeta: con dos, su perfil saldría dos veces y una carpeta "
        "podría recibir obras de otra persona. Si las dos carpetas son de la misma persona, pasa las obras de esta a "
        "{other} (cambiando su «artist») y borra esta carpeta; si esta carpeta es de otra persona, borra su línea «github_id».",
        "The field 'github_id' of {file} (line {line}) is '{value}', the number of the same GitHub account as {other}. "
        "An account is one artist with one folder: with two, the profile would appear twice and one folder could "
        "receive another person's works. If both folders are the same person's, move this one's works to {other} "
        "(changing their 'artist') and delete this folder; if this folder is someone else's, delete its 'github_id' line.",
    ),
    Code(
        "AV229",
        ERROR,
        "github_id is not a GitHub account number",
        "El campo «github_id» de {file} (línea {line}) dice «{value}», que no es el número de una cuenta de GitHub "
        "(solo cifras del 0 al 9, sin ceros al principio). El sitio lo escribe solo cuando envías una obra desde "
        "un issue: vuelve a poner el número que tenía, o borra la línea.",
        "The field 'github_id' of {file} (line {line}) says '{value}', which is not the number of a GitHub account "
        "(only the digits 0 to 9, no leading zeros). The site writes it itself when a work is sent from an issue: "
        "put back the number it had, or delete the line.",
    ),
    # ------------------------------------------------------------------ text
    Code(
        "AV226",
        ERROR,
        "date outside the years the site publishes",
        "La fecha «{value}» en el campo «{field}» de {file} está fuera de los años que el sitio "
        "publica ({first} a {last}). Revisa el año: escribe la fecha como AAAA-MM-DD, por ejemplo "
        "«2024-05-17».",
        "The date '{value}' in the field '{field}' of {file} is outside the years the site "
        "publishes ({first} to {last}). Check the year: write the date as YYYY-MM-DD, for example "
        "'2024-05-17'.",
    ),
    Code(
        "AV227",
        ERROR,
        "the work's artist profile has errors",
        "{file} está bien, pero no se publicará mientras el perfil de su artista, {artist}, tenga "
        "errores: la obra se muestra en ese perfil. Corrige primero los errores de {artist}.",
        "{file} is fine, but it will not be published while its artist's profile, {artist}, has "
        "errors: the work is shown on that profile. Fix the errors of {artist} first.",
    ),
    # ------------------------------------------------------------------ events (content/events/)
    Code(
        "AV240",
        ERROR,
        "event date and time not valid",
        "El campo «{field}» de {file} dice «{value}», que no es una fecha y hora válida. Escríbela como "
        "AAAA-MM-DD HH:MM en hora local y con 24 horas, por ejemplo «2026-05-17 18:30».",
        "The field '{field}' of {file} says '{value}', which is not a valid date and time. Write it as "
        "YYYY-MM-DD HH:MM in local time on a 24-hour clock, for example '2026-05-17 18:30'.",
    ),
    Code(
        "AV241",
        ERROR,
        "unknown timezone",
        "La zona horaria «{value}» de {file} no existe. Escribe un nombre de la lista IANA, por ejemplo "
        "«America/Mexico_City», «America/Tijuana» o «America/Cancun», o borra la línea para usar la "
        "del sitio.",
        "The timezone '{value}' in {file} does not exist. Write a name from the IANA list, for example "
        "'America/Mexico_City', 'America/Tijuana' or 'America/Cancun', or delete the line to use the "
        "site's.",
    ),
    Code(
        "AV242",
        ERROR,
        "event ends before it starts",
        "En {file} el evento termina antes de empezar (o a la misma hora): empieza «{start}» y el campo "
        "«{field}» dice «{value}». Revisa la fecha y la hora de fin.",
        "In {file} the event ends before it starts (or at the same time): it starts '{start}' and the "
        "field '{field}' says '{value}'. Check the end date and time.",
    ),
    Code(
        "AV243",
        ERROR,
        "event duration not valid or too long",
        "El campo «{field}» de {file} dice «{value}»: la duración se escribe como un número y una "
        "unidad (90m, 2h, 3d) y un evento dura a lo más {days} días. Corrige la duración o la fecha de fin.",
        "The field '{field}' of {file} says '{value}': a duration is a number and a unit (90m, 2h, 3d) "
        "and an event lasts at most {days} days. Fix the duration or the end date.",
    ),
    Code(
        "AV244",
        ERROR,
        "event needs exactly one of end or duration",
        "{file} necesita saber cuándo termina el evento: escribe «end: AAAA-MM-DD HH:MM» o "
        "«duration: 2h», solo uno de los dos.",
        "{file} needs to say when the event ends: write 'end: YYYY-MM-DD HH:MM' or 'duration: 2h', "
        "only one of them.",
    ),
    Code(
        "AV245",
        ERROR,
        "event date outside the years the agenda shows",
        "La fecha «{value}» del campo «{field}» de {file} está fuera de los años que la agenda publica "
        "({first} a {last}). Revisa el año.",
        "The date '{value}' in the field '{field}' of {file} is outside the years the agenda publishes "
        "({first} to {last}). Check the year.",
    ),
    Code(
        "AV246",
        ERROR,
        "local time that does not exist in the timezone",
        "La hora «{value}» del campo «{field}» de {file} no existe en la zona «{timezone}»: ese día los "
        "relojes se adelantan y se la saltan. Escribe otra hora.",
        "The time '{value}' in the field '{field}' of {file} does not exist in the timezone "
        "'{timezone}': that day the clocks move forward and skip it. Write another time.",
    ),
    Code(
        "AV247",
        ERROR,
        "unknown event status",
        "El campo «status» de {file} dice «{value}»; solo puede ser uno de: {allowed}. Si el evento se "
        "cancela, escribe «cancelled»: la agenda lo sigue mostrando, marcado.",
        "The field 'status' of {file} says '{value}'; it can only be one of: {allowed}. If the event is "
        "called off, write 'cancelled': the agenda still shows it, marked.",
    ),
    Code(
        "AV248",
        ERROR,
        "unknown repeat",
        "El campo «repeat» de {file} dice «{value}»; solo puede ser uno de: {allowed}.",
        "The field 'repeat' of {file} says '{value}'; it can only be one of: {allowed}.",
    ),
    Code(
        "AV249",
        ERROR,
        "repeat without an end, or with two",
        "El evento de {file} se repite: di cuándo termina con «until: AAAA-MM-DD» (la última fecha) o "
        "con «count: N» (cuántas veces), solo uno de los dos.",
        "The event in {file} repeats: say when it stops with 'until: YYYY-MM-DD' (the last date) or "
        "'count: N' (how many times), only one of them.",
    ),
    Code(
        "AV250",
        ERROR,
        "until or count not valid",
        "El campo «{field}» de {file} dice «{value}»: «until» es una fecha AAAA-MM-DD igual o posterior "
        "al inicio ({start}) y «count» un número entero mayor que cero. Corrígelo.",
        "The field '{field}' of {file} says '{value}': 'until' is a date YYYY-MM-DD on or after the "
        "start ({start}) and 'count' a whole number above zero. Fix it.",
    ),
    Code(
        "AV251",
        ERROR,
        "too many occurrences",
        "El evento de {file} se repetiría más de {limit} veces (campo «{field}»). Acorta «until» o "
        "«count»; si sigue después, publícalo otra vez más adelante.",
        "The event in {file} would repeat more than {limit} times (field '{field}'). Shorten 'until' "
        "or 'count'; if it goes on, announce it again later.",
    ),
    Code(
        "AV252",
        ERROR,
        "organizer is not an artist of the site",
        "El campo «organizers» de {file} nombra «{name}», que no es una carpeta de artista en "
        "content/artists/. Escribe los slugs de artistas que existen, separados por comas, o crea "
        "primero el perfil.",
        "The field 'organizers' of {file} names '{name}', which is not an artist folder in "
        "content/artists/. Write the slugs of existing artists, separated by commas, or create the "
        "profile first.",
    ),
    Code(
        "AV253",
        ERROR,
        "work shown at the event does not exist",
        "El campo «works» de {file} nombra «{name}», que no es una obra del sitio. Escribe cada obra como "
        "artista/obra (las carpetas de content/works/), separadas por comas.",
        "The field 'works' of {file} names '{name}', which is not a work of the site. Write each work as "
        "artist/work (the folders in content/works/), separated by commas.",
    ),
    Code(
        "AV254",
        ERROR,
        "online address not https",
        "El campo «online» de {file} dice «{value}»: escribe una dirección completa que empiece con "
        "https:// (sin espacios ni usuario@).",
        "The field 'online' of {file} says '{value}': write a full address starting with https:// (no "
        "spaces, no user@).",
    ),
    Code(
        "AV255",
        WARNING,
        "address looks like a private home",
        "La dirección «{value}» de {file} parece la de una casa particular. Una persona del equipo la "
        "revisará: publicar dónde vive alguien puede ponerle en riesgo. Si es una casa, escribe solo la "
        "colonia o el barrio y comparte la dirección exacta en privado.",
        "The address '{value}' in {file} looks like a private home. A person on the team will review "
        "it: publishing where someone lives can put them at risk. If it is a home, write only the "
        "neighbourhood and share the exact address privately.",
    ),
    Code(
        "AV256",
        ERROR,
        "until or count without repeat",
        "{file} tiene «{field}» pero el evento no se repite. Agrega «repeat: weekly» o «repeat: "
        "monthly», o borra la línea «{field}».",
        "{file} has '{field}' but the event does not repeat. Add 'repeat: weekly' or 'repeat: monthly', "
        "or delete the '{field}' line.",
    ),
    Code(
        "AV257",
        ERROR,
        "too many organizers or works",
        "El campo «{field}» de {file} nombra más de {limit}. Deja solo los principales.",
        "The field '{field}' of {file} names more than {limit}. Keep only the main ones.",
    ),
    Code(
        "AV258",
        ERROR,
        "event folder name used by the agenda itself",
        "La carpeta del evento {file} se llama «{name}», un nombre que la agenda usa para sus propias "
        "páginas ({names}). Cambia el nombre de la carpeta.",
        "The event folder {file} is named '{name}', a name the agenda uses for its own pages "
        "({names}). Rename the folder.",
    ),
    Code(
        "AV301",
        ERROR,
        "active content removed",
        "{file} contiene contenido activo que no se permite ({what}): «{snippet}». Bórralo; el texto solo "
        "admite formato sencillo de Markdown (párrafos, énfasis, listas, enlaces, títulos).",
        "{file} contains active content that is not allowed ({what}): '{snippet}'. Delete it; the text only "
        "accepts simple Markdown formatting (paragraphs, emphasis, lists, links, headings).",
    ),
    Code(
        "AV302",
        WARNING,
        "formatting removed",
        "En {file} se quitará un formato que el sitio no admite ({what}): «{snippet}». Usa Markdown sencillo "
        "(párrafos, *cursiva*, **negrita**, listas, enlaces, ## títulos).",
        "In {file} some formatting the site does not support will be removed ({what}): '{snippet}'. Use simple "
        "Markdown (paragraphs, *italics*, **bold**, lists, links, ## headings).",
    ),
    Code(
        "AV303",
        ERROR,
        "hidden or direction-changing characters",
        "El campo «{field}» de {file} tiene caracteres invisibles o que cambian la dirección del texto "
        "({chars}). Vuelve a escribir el texto a mano, sin copiar y pegar.",
        "The field '{field}' of {file} has invisible or direction-changing characters ({chars}). Type the text "
        "again by hand instead of copying and pasting.",
    ),
    Code(
        "AV304",
        WARNING,
        "hidden characters in the text",
        "El texto de {file} (línea {line}) tiene caracteres invisibles ({chars}). Revisa esa línea y "
        "vuelve a escribirla si no son intencionales.",
        "The text of {file} (line {line}) has invisible characters ({chars}). Check that line and type it "
        "again if they are not intended.",
    ),
    Code(
        "AV305",
        ERROR,
        "value too long",
        "El campo «{field}» de {file} tiene {length} caracteres; el máximo es {limit}. Acórtalo.",
        "The field '{field}' of {file} has {length} characters; the maximum is {limit}. Shorten it.",
    ),
    Code(
        "AV306",
        ERROR,
        "text too long",
        "El texto de {file} tiene {length} caracteres; el máximo es {limit}. Acórtalo.",
        "The text of {file} has {length} characters; the maximum is {limit}. Shorten it.",
    ),
    Code(
        "AV307",
        ERROR,
        "active content in a field",
        "El campo «{field}» de {file} contiene código o HTML activo ({what}): «{snippet}». Escribe solo texto.",
        "The field '{field}' of {file} contains code or active HTML ({what}): '{snippet}'. Write plain text "
        "only.",
    ),
    Code(
        "AV308",
        WARNING,
        "markup in a field",
        "El campo «{field}» de {file} contiene etiquetas HTML («{snippet}»); se mostrará como texto simple. "
        "Escribe solo texto.",
        "The field '{field}' of {file} contains HTML tags ('{snippet}'); it will be shown as plain text. "
        "Write plain text only.",
    ),
    Code(
        "AV309",
        WARNING,
        "text is empty",
        "{file} no tiene texto después del encabezado. Escribe unas líneas sobre {about}.",
        "{file} has no text after the front matter. Write a few lines about {about_en}.",
    ),
    Code(
        "AV310",
        WARNING,
        "tag without letters or digits",
        "La etiqueta «{snippet}» de {file} no tiene letras ni números (por ejemplo, solo un emoji), "
        "así que no puede tener su página y no se mostrará. Escríbela con palabras, por ejemplo «maíz».",
        "The tag '{snippet}' in {file} has no letters or digits (for example, only an emoji), so it "
        "cannot have a page of its own and will not be shown. Write it with words, for example 'maíz'.",
    ),
    Code(
        "AV311",
        ERROR,
        "text too costly to turn into a page",
        "El texto de {file} tiene una forma que el programa que arma el sitio no puede convertir en "
        "página con un tiempo y un tamaño razonables ({why}). Suele venir de muchos signos seguidos o "
        "repetidos, como «[», «`», «*», «<», «>» o «:»{most}. Quita esas repeticiones o escríbelas de "
        "otra forma y vuelve a enviarlo.",
        "The text of {file} has a shape that the program building the site cannot turn into a page in "
        "reasonable time and size ({why_en}). It usually comes from long runs or many repetitions of "
        "signs such as '[', '`', '*', '<', '>' or ':'{most_en}. Remove those repetitions or write them "
        "differently and send it again.",
    ),
    Code(
        "AV312",
        ERROR,
        "a character that cannot be published",
        "{file} tiene en la línea {line} ({where_es}) un carácter que no se puede publicar ({chars}): "
        "un carácter de control, privado o sin asignar, que rompe las noticias del sitio (Atom) y se "
        "ve distinto en cada teléfono. Borra esa parte y escríbela otra vez a mano.",
        "{file} has on line {line} ({where_en}) a character that cannot be published ({chars}): a "
        "control, private-use or unassigned character, which breaks the site's feeds (Atom) and shows "
        "differently on every phone. Delete that part and type it again by hand.",
    ),
    Code(
        "AV330",
        ERROR,
        "link text shows another site",
        "En {file} (línea {line}) el texto de un enlace muestra «{shown}», pero el enlace lleva a «{host}»: «{snippet}». "
        "Escribe como texto la dirección a la que lleva de verdad, o unas palabras que no sean una dirección.",
        "In {file} (line {line}) a link's text shows '{shown}' but the link goes to '{host}': '{snippet}'. "
        "Write the address it really goes to as its text, or words that are not an address.",
    ),
    Code(
        "AV331",
        ERROR,
        "address with a name before @",
        "La dirección «{snippet}» de {file} ({field}) lleva antes de «@» el texto «{user}», que parece el sitio "
        "pero no lo es: el enlace lleva a «{host}». Quita todo lo que va antes de «@» y escribe la dirección real.",
        "The address '{snippet}' in {file} ({field}) has '{user}' before '@', which looks like the site but is "
        "not: the link goes to '{host}'. Remove everything before '@' and write the real address.",
    ),
    Code(
        "AV332",
        ERROR,
        "ambiguous address",
        "La dirección «{snippet}» de {file} ({field}) tiene {what_es} en el nombre del sitio; cada navegador la "
        "puede leer distinto. Cópiala tal como aparece en la barra del navegador.",
        "The address '{snippet}' in {file} ({field}) has {what_en} in the site name; browsers may read it "
        "differently. Copy it exactly as the browser's address bar shows it.",
    ),
    Code(
        "AV333",
        ERROR,
        "site name imitates another",
        "El nombre del sitio «{host}» en {file} ({field}) usa letras de otro alfabeto ({scripts}) que se ven "
        "como letras latinas; así se imitan sitios conocidos. Escribe la dirección con las letras del sitio real.",
        "The site name '{host}' in {file} ({field}) uses letters of another alphabet ({scripts}) that look like "
        "Latin letters, the way known sites are imitated. Write the address with the real site's letters.",
    ),
    Code(
        "AV334",
        ERROR,
        "stacked accent marks",
        "El campo «{field}» de {file} (línea {line}) tiene {count} acentos o marcas seguidas sobre una letra "
        "(«{snippet}»); se dibujan encima del texto de alrededor. Deja como máximo {limit} por letra.",
        "The field '{field}' of {file} (line {line}) has {count} accents or marks stacked on one letter "
        "('{snippet}'); they draw over the text around it. Keep at most {limit} per letter.",
    ),
    Code(
        "AV335",
        WARNING,
        "tag spelled differently from other works",
        "La etiqueta «{snippet}» de {file} ya existe en otras obras como «{established}», y así se mostrará "
        "también en esta. Escríbela igual: «{established}».",
        "The tag '{snippet}' in {file} already exists on other works as '{established}', and that is how it "
        "will be shown on this one too. Write it the same way: '{established}'.",
    ),
    Code(
        "AV336",
        WARNING,
        "tag spelling would replace other works'",
        "La etiqueta «{snippet}» de {file} se escribe «{established}» en obras de otras personas ({others}); "
        "como la fecha de esta obra es la más antigua, su forma reemplazaría a la de ellas. Escríbela "
        "«{established}» (y revisa que la fecha sea la correcta).",
        "The tag '{snippet}' in {file} is written '{established}' on other people's works ({others}); as this "
        "work's date is the oldest, its spelling would replace theirs. Write it '{established}' (and check "
        "the date is right).",
    ),
    # ------------------------------------------------------------------ image references
    Code(
        "AV401",
        ERROR,
        "image not found",
        "En {file}, {where_es} usa la imagen «{src}», que no está en {folder_es}. Sube ese archivo {fix_es} o "
        "corrige el nombre (mayúsculas y extensión incluidas).",
        "In {file}, {where_en} uses the image '{src}', which is not in {folder_en}. Add that file {fix_en} or "
        "fix the name (including capital letters and extension).",
    ),
    Code(
        "AV402",
        ERROR,
        "alt text missing",
        "En {file} (línea {line}), la imagen «{src}» no tiene texto alternativo. Describe lo que se ve entre "
        "los corchetes: ![mural de colores con una mujer y un colibrí]({src}).",
        "In {file} (line {line}), the image '{src}' has no alt text. Describe what it shows inside the "
        "brackets: ![colourful mural of a woman and a hummingbird]({src}).",
    ),
    Code(
        "AV403",
        ERROR,
        "alt text is the file name",
        "En {file} (línea {line}), el texto alternativo de «{src}» es el nombre del archivo. Describe lo que "
        "se ve en la imagen.",
        "In {file} (line {line}), the alt text of '{src}' is the file name. Describe what the image shows.",
    ),
    Code(
        "AV404",
        ERROR,
        "alt text too generic",
        "En {file} (línea {line}), el texto alternativo «{alt}» de «{src}» no describe la imagen. Escribe qué "
        "se ve: colores, personas, técnica.",
        "In {file} (line {line}), the alt text '{alt}' of '{src}' does not describe the image. Write what it "
        "shows: colours, people, technique.",
    ),
    Code(
        "AV405",
        ERROR,
        "HTML image tag",
        "En {file} (línea {line}) hay una etiqueta HTML <img>. Usa la forma de Markdown: "
        '![descripción de la imagen](archivo.jpg "pie de foto opcional").',
        "In {file} (line {line}) there is an HTML <img> tag. Use the Markdown form: "
        '![description of the image](file.jpg "optional caption").',
    ),
    Code(
        "AV406",
        ERROR,
        "reference-style image",
        "En {file} (línea {line}) la imagen usa la forma de referencia («{snippet}»). Usa la forma directa: "
        "![descripción de la imagen](archivo.jpg).",
        "In {file} (line {line}) the image uses the reference form ('{snippet}'). Use the direct form: "
        "![description of the image](file.jpg).",
    ),
    Code(
        "AV407",
        WARNING,
        "image not used",
        "La imagen {file} no se usa en {user_es} y no se publicará. Añádela al texto con "
        "![descripción]({name}) o bórrala.",
        "The image {file} is not used in {user_en} and will not be published. Add it to the text with "
        "![description]({name}) or delete it.",
    ),
    Code(
        "AV408",
        ERROR,
        "work without image",
        "La obra {file} no muestra ninguna imagen. Sube la foto de la obra a la carpeta y añádela al texto "
        "con ![descripción de la obra](foto.jpg); la primera imagen es la portada.",
        "The work {file} shows no image. Add the photo of the work to the folder and to the text with "
        "![description of the work](photo.jpg); the first image is the cover.",
    ),
    Code(
        "AV409",
        ERROR,
        "not an image file",
        "En {file}, {where_es} usa «{src}», que no es una imagen permitida ({allowed}). Usa una foto JPEG o PNG.",
        "In {file}, {where_en} uses '{src}', which is not an allowed image ({allowed}). Use a JPEG or PNG photo.",
    ),
    Code(
        "AV410",
        ERROR,
        "image file name with hidden or control characters",
        "En {file}, {where_es} usa el archivo «{src}», cuyo nombre tiene caracteres invisibles, de control, "
        "que cambian la dirección del texto o un acento suelto al principio ({characters}). Cambia el nombre "
        "del archivo escribiéndolo a mano, por ejemplo «{suggestion}», y escribe ese nombre en el texto.",
        "In {file}, {where_en} uses the file '{src}', whose name holds invisible, control or "
        "direction-changing characters, or a loose accent at its start ({characters}). Rename the file by "
        "typing the name by hand, for example '{suggestion}', and write that name in the text.",
    ),
    # ------------------------------------------------------------------ addresses and output paths
    Code(
        "AV801",
        ERROR,
        "address belongs to the site",
        "{file} se publicaría en {address}, que ya es {other_es}. Elige otro «slug» o cambia el título.",
        "{file} would be published at {address}, which is already {other_en}. Choose another 'slug' or change "
        "the title.",
    ),
    Code(
        "AV802",
        ERROR,
        "address leaves the site",
        "{file} se escribiría fuera de la carpeta del sitio («{snippet}»). Borra el campo que cambia la dirección "
        "o cambia el título.",
        "{file} would be written outside the site's folder ('{snippet}'). Delete the field that changes the "
        "address or change the title.",
    ),
    Code(
        "AV803",
        ERROR,
        "no address",
        "El título de {file} no tiene letras ni números con los que formar su dirección (por ejemplo, solo emojis "
        "o signos). Añade palabras al título o escribe «slug: mi-entrada».",
        "The title of {file} has no letters or digits to make its address from (only emoji or punctuation, say). "
        "Add words to the title or write 'slug: my-post'.",
    ),
    Code(
        "AV804",
        ERROR,
        "address differs only in capitals",
        "{file} se publicaría en {address}, que solo se distingue por mayúsculas de {other_es}; en muchos "
        "servidores son la misma dirección. Elige otro «slug» o cambia el título.",
        "{file} would be published at {address}, which differs only in capitals from {other_en}; on many "
        "servers they are the same address. Choose another 'slug' or change the title.",
    ),
    Code(
        "AV805",
        ERROR,
        "address reserved by Windows",
        "{file} se publicaría en {address}, un nombre que Windows no permite (con, prn, aux, nul, com1…, lpt1…). "
        "Elige otro «slug» o cambia el título.",
        "{file} would be published at {address}, a name Windows does not allow (con, prn, aux, nul, com1…, "
        "lpt1…). Choose another 'slug' or change the title.",
    ),
    Code(
        "AV806",
        ERROR,
        "address could not be worked out",
        "No se pudo calcular dónde se publicaría {file} (algún valor del encabezado no es válido). Revisa la "
        "fecha, el idioma y el título.",
        "Where {file} would be published could not be worked out (some value of the header is not valid). "
        "Check the date, the language and the title.",
    ),
    # ------------------------------------------------------------------ review of a branch
    Code(
        "AV901",
        ERROR,
        "git submodule in content",
        "{file} es un submódulo de git (un enlace a otro repositorio); el sitio no los publica. "
        "Quítalo con «git rm» y copia los archivos reales en la carpeta del envío.",
        "{file} is a git submodule (a link to another repository); the site does not publish them. "
        "Remove it with 'git rm' and copy the real files into the submission folder.",
    ),
    # ------------------------------------------------------------------ personal data and review
    Code(
        "AV601",
        WARNING,
        "e-mail address",
        "{file} (línea {line}, {field}) muestra un correo electrónico («{snippet}»). Se publicará para "
        "cualquiera; bórralo si no quieres que sea público.",
        "{file} (line {line}, {field}) shows an e-mail address ('{snippet}'). It will be public to anyone; "
        "delete it unless you want that.",
    ),
    Code(
        "AV602",
        WARNING,
        "phone number",
        "{file} (línea {line}, {field}) muestra un número de teléfono («{snippet}»). Se publicará para "
        "cualquiera; bórralo si no quieres que sea público.",
        "{file} (line {line}, {field}) shows a phone number ('{snippet}'). It will be public to anyone; "
        "delete it unless you want that.",
    ),
    Code(
        "AV603",
        WARNING,
        "needs human review",
        "{file} (línea {line}, {field}) contiene «{term}», de la lista de términos que una persona debe "
        "revisar antes de publicar. Quien revisa el envío lo leerá; no tienes que cambiar nada por ahora.",
        "{file} (line {line}, {field}) contains '{term}', from the list of terms a person must review before "
        "publishing. A reviewer will read it; you do not need to change anything yet.",
    ),
    # ------------------------------------------------------------------ repository
    Code(
        "AV703",
        WARNING,
        "a change adds, changes or removes an artist folder's GitHub account",
        "Este cambio cambia la cuenta de GitHub de {file} (campo «{field}»): antes {before_es}, ahora {after_es}. "
        "La cuenta de un perfil aprueba los cambios en las obras de su carpeta y las obras que envía desde un issue "
        "van a esa carpeta: una persona del equipo confirma que es la cuenta de la persona artista. No tienes que hacer nada.",
        "This change changes the GitHub account of {file} (field '{field}'): before {before_en}, now {after_en}. "
        "A profile's account approves changes to its folder's works, and the works it sends from an issue go to that "
        "folder: a maintainer confirms it is the artist's own account. There is nothing for you to do.",
    ),
]

# Worded by the module that measured what the message reports: (code, severity, title).
_WORDED_ELSEWHERE = {
    "altavoz_images.validation (AV530: altavoz_images.pipeline)": (
        ("AV501", ERROR, "unsupported file format"),
        ("AV502", ERROR, "SVG refused"),
        ("AV503", ERROR, "extension does not match the content"),
        ("AV504", ERROR, "empty file"),
        ("AV505", ERROR, "file too large"),
        ("AV506", ERROR, "corrupt or truncated image"),
        ("AV507", ERROR, "too many pixels (decompression-bomb limit)"),
        ("AV508", ERROR, "absurd dimensions or aspect ratio"),
        ("AV509", WARNING, "image too small to show well"),
        ("AV510", WARNING, "animated image: only the first frame is published"),
        ("AV511", ERROR, "data hidden after the end of the image (another image, anything)"),
        ("AV520", ERROR, "private metadata: GPS data in any form, owner name or serial numbers"),
        ("AV521", ERROR, "too many JPEG scans: the file would take minutes to decode"),
        ("AV522", ERROR, "too many markers, chunks, blocks or boxes: minutes to read"),
        ("AV523", ERROR, "too many frames or images inside one file"),
        ("AV524", ERROR, "too much metadata (text, profiles, thumbnails) inside the file"),
        ("AV525", ERROR, "the image takes too long to decode"),
        ("AV530", ERROR, "the image could not be processed during the build"),
    ),
    "altavoz_submit.codeowners": (
        ("AV701", WARNING, "CODEOWNERS does not match the artists' github keys"),
        ("AV702", WARNING, "the github key is not a GitHub user name"),
    ),
}
_CODES += [
    Code(code, severity, title, reported_by=module)
    for module, rows in _WORDED_ELSEWHERE.items()
    for code, severity, title in rows
]

CODES: dict[str, Code] = {code.code: code for code in _CODES}


class _Defaults(dict):
    def __missing__(self, key):
        return "?"


def make_finding(
    code: str,
    path: str,
    *,
    field: str | None = None,
    line: int | None = None,
    snippet: str | None = None,
    **values,
) -> Finding:
    """A Finding for ``code``; messages filled from ``values`` plus file/field/line/snippet."""
    spec = CODES[code]
    if spec.es is None or spec.en is None:
        raise ValueError(f"{code} is worded by {spec.reported_by}, not by make_finding")
    params = _Defaults(values)
    params.setdefault("file", path)
    params.setdefault("field", field or "")
    params.setdefault("line", line if line is not None else "?")
    params.setdefault("snippet", snippet or "")
    params.setdefault("where_es", f"el campo «{field}»")
    params.setdefault("where_en", f"the field '{field}'")
    return Finding(
        code=code,
        severity=spec.severity,
        path=path,
        message_es=spec.es.format_map(params),
        message_en=spec.en.format_map(params),
        field=field,
        line=line,
        snippet=snippet,
    )
