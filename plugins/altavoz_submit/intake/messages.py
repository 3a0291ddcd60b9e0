"""What the intake tells the author on the issue, in Spanish and in English.

These are problems with the form, and the few moderation findings that have a better
answer for a phone (``FINDING_ADVICE``): each message names the field of the form and
says what to do in the form, because the author may have only a phone. The intake
strips the photos itself, so no message asks for a tool; no message shows a finding's
AVnnn code or a file's path (the maintainers' check report on the pull request does).
"""

# ruff: noqa: E501  (a table of long bilingual messages reads better unwrapped)
from __future__ import annotations

EDIT_ES = "Edita el issue (menú ··· → Edit), corrígelo y guarda: la revisión corre otra vez."
EDIT_EN = "Edit the issue (··· menu → Edit), fix it and save: the check runs again."

MESSAGES: dict[str, tuple[str, str]] = {
    "heading_repeated": (
        "El formulario tiene repetido el título «{label}». No escribas en tus textos una línea que empiece con «###» y el nombre de un campo del formulario.",
        "The form has the heading '{label}' more than once. Do not write a line starting with '###' and the name of a form field in your texts.",
    ),
    "headings_missing": (
        "Al texto del issue le falta la sección {labels}: edita el issue y vuelve a escribir esa línea tal cual, con tu respuesta debajo (o abre un issue nuevo con el formulario).",
        "The issue's text lacks the section {labels}: edit the issue and write that line back exactly, with your answer below it (or open a new issue with the form).",
    ),
    "headings_unknown": (
        "El texto del issue tiene una sección que el formulario no tiene: {labels}. Si cambiaste el nombre de una sección, devuélveselo; si es un título dentro de tu texto, quítale los «###» del principio (una línea que empieza con «###» es el nombre de una sección).",
        "The issue's text has a section the form does not have: {labels}. If you renamed a section, give it back its name; if it is a heading inside your text, remove the '###' at its start (a line starting with '###' names a section).",
    ),
    "form_unknown": (
        "El texto de este issue ya no tiene las secciones del formulario (cada una empieza con «###» y su nombre), así que no sabemos qué preparar: abre un issue nuevo con uno de los formularios, {forms}.",
        "This issue's text no longer has the form's sections (each starts with '###' and its name), so there is nothing we can prepare: open a new issue with one of the forms, {forms}.",
    ),
    "title_missing": (
        "Falta el título de la obra: escríbelo en «Título».",
        "The work has no title: write it in 'Title'.",
    ),
    "photos_missing": (
        "No hay fotos: edita el issue, toca el cuadro «Fotos» y adjunta la foto de nuevo desde tu galería.",
        "There are no photos: edit the issue, tap the 'Photos' box and attach the photo again from your gallery.",
    ),
    "photo_uploading": (
        "Una foto todavía se estaba subiendo cuando enviaste el formulario: edita el issue y adjunta la foto de nuevo; espera a que aparezca su dirección antes de guardar.",
        "A photo was still uploading when you sent the form: edit the issue and attach the photo again; wait until its address appears before saving.",
    ),
    "photo_foreign_host": (
        "La foto {number} no está adjunta a GitHub ({url}): solo aceptamos fotos adjuntas en el cuadro «Fotos». Borra esa dirección y adjunta la foto desde tu galería.",
        "Photo {number} is not attached to GitHub ({url}): only photos attached in the 'Photos' box are accepted. Delete that address and attach the photo from your gallery.",
    ),
    "photo_bad_address": (
        "La dirección de la foto {number} no es la que GitHub escribe al adjuntar ({url}): bórrala y adjunta la foto de nuevo.",
        "The address of photo {number} is not one GitHub writes when attaching ({url}): delete it and attach the photo again.",
    ),
    "photo_too_many": (
        "Adjuntaste {count} fotos y el máximo es {limit}: deja solo las {limit} mejores.",
        "You attached {count} photos and the limit is {limit}: keep only the best {limit}.",
    ),
    "photo_empty": (
        "La foto {number} está vacía: adjúntala de nuevo.",
        "Photo {number} is empty: attach it again.",
    ),
    "photo_not_image": (
        "La foto {number} no es una foto que podamos publicar (es {kind}): adjunta una foto JPEG, PNG, HEIC, WebP o GIF.",
        "Photo {number} is not a picture we can publish (it is {kind}): attach a JPEG, PNG, HEIC, WebP or GIF photo.",
    ),
    "photo_too_large": (
        "La foto {number} pesa más de {limit_mb} MB: adjunta una versión más pequeña (por ejemplo, compártela por WhatsApp contigo y guarda esa).",
        "Photo {number} is larger than {limit_mb} MB: attach a smaller version (for example, share it with yourself on WhatsApp and save that one).",
    ),
    "photo_missing": (
        "No encontramos la foto {number}: edita el issue y adjunta la foto de nuevo.",
        "Photo {number} could not be found: edit the issue and attach the photo again.",
    ),
    "photo_download_failed": (
        "No pudimos descargar la foto {number} de GitHub: edita el issue y adjunta la foto de nuevo.",
        "Photo {number} could not be downloaded from GitHub: edit the issue and attach the photo again.",
    ),
    "photo_cannot_clean": (
        "La foto {number} está dañada y no podemos quitarle la ubicación sin tocar la imagen: adjunta la foto de nuevo, o una captura de pantalla de ella.",
        "Photo {number} is damaged and its location cannot be removed without touching the picture: attach the photo again, or a screenshot of it.",
    ),
    "alt_missing": (
        "Falta la descripción de las fotos: en «Descripción de cada foto» escribe una línea por foto con lo que se ve, para quien no puede verla.",
        "The photos have no description: in 'Description of each photo' write one line per photo saying what it shows, for people who cannot see it.",
    ),
    "alt_missing_for": (
        "La foto {number} no tiene descripción: en «Descripción de cada foto» escribe una línea por foto, en el mismo orden; la línea {number} es la de la foto {number}.",
        "Photo {number} has no description: in 'Description of each photo' write one line per photo, in the same order; line {number} is photo {number}'s.",
    ),
    "alt_extra": (
        "Hay una descripción de más (línea {line}: «{value}»): no hay foto {line}. Bórrala de «Descripción de cada foto», o adjunta esa foto en «Fotos».",
        "There is one description too many (line {line}: '{value}'): there is no photo {line}. Delete it from 'Description of each photo', or attach that photo in 'Photos'.",
    ),
    "alt_extra_more": (
        "Y hay {count} descripciones de más después de esas: deja en «Descripción de cada foto» una línea por foto.",
        "And there are {count} more descriptions after those: keep one line per photo in 'Description of each photo'.",
    ),
    "license_missing": (
        "No elegiste licencia: en «Licencia» elige una de la lista (si dudas, «Todos los derechos reservados»).",
        "No licence was chosen: in 'Licence' pick one from the list (if in doubt, 'All rights reserved').",
    ),
    "license_unknown": (
        "La licencia escrita no es una de la lista: edita el issue y elige una en «Licencia».",
        "The licence written is not one of the list: edit the issue and pick one in 'Licence'.",
    ),
    "consent_missing": (
        "Falta tu permiso: marca la casilla de «Permiso». Sin ella no podemos publicar la obra.",
        "Your consent is missing: tick the box under 'Consent'. Without it the work cannot be published.",
    ),
    "lang_unknown": (
        "Elige el idioma de tus textos en la lista «Idioma de tus textos».",
        "Pick the language of your texts from the 'Language of your texts' list.",
    ),
    "year_invalid": (
        "El año «{value}» no es un año de cuatro cifras: escribe por ejemplo 2026, o déjalo vacío.",
        "The year '{value}' is not a four-digit year: write for example 2026, or leave it empty.",
    ),
    "link_invalid": (
        "El enlace «{value}» no empieza con https://: corrígelo o bórralo en «Enlaces».",
        "The link '{value}' does not start with https://: fix or delete it in 'Links'.",
    ),
    "too_long": (
        "«{field}» es demasiado largo (más de {limit} caracteres): acórtalo.",
        "'{field}' is too long (over {limit} characters): shorten it.",
    ),
    "name_missing": (
        "Es tu primer envío: escribe tu nombre en «Tu nombre (obligatorio la primera vez)» para crear tu perfil de artista.",
        "This is your first submission: write your name in 'Your name (required the first time)' to create your artist profile.",
    ),
    "no_artist": (
        "No tienes todavía un perfil de artista en Altavoz, así que no hay obras tuyas que cambiar o retirar: para tu primera obra usa el formulario «Envía tu obra».",
        "You have no artist profile on Altavoz yet, so there are no works of yours to update or withdraw: for your first work use the 'Submit your work' form.",
    ),
    "work_unknown": (
        "No encontramos la obra «{value}» entre tus obras: en «Obra» escribe la dirección de su página o el final de esa dirección (por ejemplo «raices-de-maiz»).",
        "The work '{value}' is not among your works: in 'Work' write the address of its page or its last part (for example 'raices-de-maiz').",
    ),
    "work_exists": (
        "Ya tienes una obra llamada así ({value}): para cambiarla usa el formulario «Cambia una obra», o elige otro título.",
        "You already have a work with this name ({value}): to change it use the 'Update a work' form, or choose another title.",
    ),
    "nothing_changed": (
        "No escribiste ningún cambio: llena los campos que quieres cambiar.",
        "No change was written: fill in the fields you want to change.",
    ),
    "confirm_missing": (
        "Marca la casilla de «Confirmación» para retirar la obra.",
        "Tick the 'Confirmation' box to withdraw the work.",
    ),
    "editor_not_author": (
        "Solo quien abrió este issue (o el equipo de Altavoz) puede cambiar el envío: esta edición no se usó.",
        "Only the person who opened this issue (or the Altavoz team) can change the submission: this edit was not used.",
    ),
    "not_a_form": (
        "Este issue no es uno de los formularios de envío de Altavoz, así que no hay nada que preparar.",
        "This issue is not one of Altavoz's submission forms, so there is nothing to prepare.",
    ),
    "edit_hint": (EDIT_ES, EDIT_EN),
    "check_errors": (
        "La revisión encontró problemas en la obra preparada:",
        "The check found problems in the prepared work:",
    ),
    "check_errors_more": (
        "Y {count} problemas más de la revisión: corrige estos, guarda, y la revisión te dirá los que queden.",
        "And {count} more problems from the check: fix these, save, and the check will tell you the ones left.",
    ),
    "check_warnings_more": (
        "Y {count} avisos más: una persona del equipo los ve todos en la propuesta.",
        "And {count} more warnings: someone from the team sees them all in the pull request.",
    ),
    "check_warnings": (
        "Avisos (no impiden publicar; una persona del equipo los mira contigo):",
        "Warnings (they do not stop publication; someone from the team looks at them with you):",
    ),
    "failed_heading": (
        "Tu envío todavía no está listo. Esto es lo que hay que cambiar:",
        "Your submission is not ready yet. This is what to change:",
    ),
    "passed_new": (
        "¡Listo! Preparamos tu obra «{title}» y abrimos una propuesta (pull request) para publicarla. Una persona del equipo la revisa y, cuando la acepte, tu obra aparece en el sitio. Si quieres cambiar algo, edita este issue.",
        "Done! Your work '{title}' is ready and a pull request to publish it is open. Someone from the team reviews it and, once accepted, your work appears on the site. To change something, edit this issue.",
    ),
    "passed_update": (
        "¡Listo! Preparamos el cambio de «{title}» en una propuesta (pull request). Cuando el equipo la acepte, la página se actualiza.",
        "Done! The update of '{title}' is ready in a pull request. Once the team accepts it, the page is updated.",
    ),
    "passed_withdraw": (
        "Preparamos el retiro de «{title}» en una propuesta (pull request). Cuando el equipo la acepte, la obra y sus fotos salen del sitio.",
        "The withdrawal of '{title}' is ready in a pull request. Once the team accepts it, the work and its photos leave the site.",
    ),
    "stripped": (
        "Quitamos de tus fotos la ubicación y otros datos privados, sin tocar la imagen.",
        "The location and other private data were removed from your photos, without touching the picture.",
    ),
    "new_artist": (
        "También creamos tu perfil de artista, «{name}»: aparece junto con tu obra.",
        "Your artist profile, '{name}', was created too: it appears with your work.",
    ),
    "photo_small": (
        "La foto {number} es pequeña y se verá borrosa en pantallas grandes. Envía la foto original desde la galería de tu teléfono, no la que guardó WhatsApp: WhatsApp la achica. Edita el issue, toca «Fotos» y adjúntala de nuevo.",
        "Photo {number} is small and will look blurry on large screens. Send the original photo from your phone's gallery, not the one WhatsApp saved: WhatsApp shrinks it. Edit the issue, tap 'Photos' and attach it again.",
    ),
    "internal": (
        "Algo falló de nuestro lado al preparar tu envío; el equipo ya puede verlo. No tienes que hacer nada.",
        "Something failed on our side while preparing your submission; the team can see it. You do not need to do anything.",
    ),
    "artist_twice": (
        "Tu cuenta de GitHub aparece en más de un perfil de artista ({folders}), así que no sabemos a cuál va tu obra. No tienes que hacer nada: el equipo lo revisará y te escribirá aquí.",
        "Your GitHub account appears in more than one artist profile ({folders}), so we cannot tell which one your work belongs to. You do not need to do anything: the team will look into it and write to you here.",
    ),
    "artist_account": (
        "Tu perfil de artista ahora va unido a tu cuenta de GitHub, «{login}», aunque cambies de nombre de usuario.",
        "Your artist profile is now tied to your GitHub account, '{login}', even if you change your user name.",
    ),
    "artist_pending": (
        "Tu perfil de artista ya se está preparando en el issue #{issue}: esta obra usa el mismo perfil, en la dirección «{address}».",
        "Your artist profile is already being prepared in issue #{issue}: this work uses the same profile, at the address '{address}'.",
    ),
    "artist_folder_taken": (
        "La dirección «{wanted}» ya es de otra persona artista, así que tu perfil estará en «{address}». Si prefieres otra dirección, pídela en un comentario de este issue.",
        "The address '{wanted}' already belongs to another artist, so your profile will be at '{address}'. If you would like another address, ask for it in a comment on this issue.",
    ),
}


# Moderation findings about a photo the intake wrote that have a better answer for a
# phone than the check's own (which names files and tools): code -> message key, whose
# message takes the photo's {number}.
FINDING_ADVICE = {"AV509": "photo_small"}


def message(key: str, lang: str = "es", **values) -> str:
    """One message in ``lang`` (es or en), its blanks filled in."""
    spanish, english = MESSAGES[key]
    return (english if lang == "en" else spanish).format(**values)
