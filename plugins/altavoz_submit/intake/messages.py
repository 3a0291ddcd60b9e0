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
    "check_errors_event": (
        "La revisión encontró problemas en el evento preparado:",
        "The check found problems in the prepared event:",
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
    # ---- an event (evento-nuevo.yml): each names its field by the form's label
    "event_title_missing": (
        "Falta el nombre del evento: escríbelo en «{field}».",
        "The event has no name: write it in '{field}'.",
    ),
    "event_venue_missing": (
        "Falta el lugar del evento: escribe en «{field}» el nombre del lugar.",
        "The event has no venue: write the name of the place in '{field}'.",
    ),
    "event_date_missing": (
        "Falta la fecha del evento: escríbela en «{field}» como año-mes-día, por ejemplo 2027-03-14.",
        "The event has no date: write it in '{field}' as year-month-day, for example 2027-03-14.",
    ),
    "event_date_invalid": (
        "La fecha «{value}» de «{field}» no es una fecha que entendamos: escríbela como año-mes-día con números, por ejemplo 2027-03-14.",
        "The date '{value}' in '{field}' is not a date we understand: write it as year-month-day in digits, for example 2027-03-14.",
    ),
    "event_date_day_first": (
        "La fecha «{value}» de «{field}» va con el día primero: escríbela como año-mes-día, así: {suggestion}.",
        "The date '{value}' in '{field}' has the day first: write it as year-month-day, like this: {suggestion}.",
    ),
    "event_time_missing": (
        "Falta la hora de inicio: escríbela en «{field}» con 24 horas, por ejemplo 18:00.",
        "The start time is missing: write it in '{field}' on a 24-hour clock, for example 18:00.",
    ),
    "event_time_invalid": (
        "La hora «{value}» de «{field}» no es una hora que entendamos: escríbela con 24 horas y dos puntos, por ejemplo 18:00 o 9:30.",
        "The time '{value}' in '{field}' is not a time we understand: write it on a 24-hour clock with a colon, for example 18:00 or 9:30.",
    ),
    "event_time_twelve": (
        "La hora «{value}» de «{field}» va con a.m./p.m.: escríbela con 24 horas, así: {suggestion}.",
        "The time '{value}' in '{field}' uses am/pm: write it on a 24-hour clock, like this: {suggestion}.",
    ),
    "event_end_missing": (
        "Falta cuándo termina el evento: en «{end}» escribe la hora de fin (20:00), o fecha y hora si termina otro día (2027-03-15 14:00), o cuánto dura (2h, 90m).",
        "The event has no end: in '{end}' write the end time (20:00), or date and time if it ends another day (2027-03-15 14:00), or how long it lasts (2h, 90m).",
    ),
    "event_end_invalid": (
        "«{field}» dice «{value}», que no entendemos: escribe la hora de fin (20:00), o fecha y hora si termina otro día (2027-03-15 14:00), o cuánto dura (2h, 90m, 3d).",
        "'{field}' says '{value}', which we do not understand: write the end time (20:00), or date and time if it ends another day (2027-03-15 14:00), or how long it lasts (2h, 90m, 3d).",
    ),
    "event_when_invalid": (
        "«{field}» dice «{value}», que no es una fecha y hora válida: revisa el día y la hora.",
        "'{field}' says '{value}', which is not a valid date and time: check the day and the time.",
    ),
    "event_timezone_unknown": (
        "Elige la zona horaria del evento en la lista «{field}».",
        "Pick the event's timezone from the '{field}' list.",
    ),
    "event_end_before_start": (
        "El evento termina antes de empezar (o a la misma hora): revisa «{field}». Si termina después de medianoche, escribe la fecha y la hora del fin, por ejemplo 2027-03-15 01:00.",
        "The event ends before it starts (or at the same time): check '{field}'. If it ends after midnight, write the end's date and time, for example 2027-03-15 01:00.",
    ),
    "event_too_long": (
        "«{field}» dice «{value}»: un evento dura a lo más {days} días (escribe la duración como 2h, 90m o 3d). Si es algo que se repite, elige en «{repeat}» cada semana o cada mes.",
        "'{field}' says '{value}': an event lasts at most {days} days (write a duration as 2h, 90m or 3d). If it is something that repeats, choose every week or every month in '{repeat}'.",
    ),
    "event_year_outside": (
        "La fecha «{value}» de «{field}» está fuera de los años que publica la agenda: revisa el año.",
        "The date '{value}' in '{field}' is outside the years the agenda publishes: check the year.",
    ),
    "event_time_skipped": (
        "La hora «{value}» no existe ese día en la zona horaria del evento: los relojes se adelantan y se la saltan. Escribe otra hora en «{field}».",
        "The time '{value}' does not exist that day in the event's timezone: the clocks move forward and skip it. Write another time in '{field}'.",
    ),
    "event_status_unknown": (
        "El estado del evento no es uno que la agenda conozca: el equipo lo revisará contigo.",
        "The event's status is not one the agenda knows: the team will look at it with you.",
    ),
    "event_repeat_unknown": (
        "Elige en la lista «{field}» si el evento se repite cada semana, cada mes o no se repite.",
        "Pick from the '{field}' list whether the event repeats every week, every month or not at all.",
    ),
    "event_repeat_end": (
        "El evento se repite: di cuándo termina, con la fecha de la última vez en «{until}» o cuántas veces en «{count}» (solo uno de los dos).",
        "The event repeats: say when it stops, with the date of the last time in '{until}' or how many times in '{count}' (only one of them).",
    ),
    "event_until_invalid": (
        "«{field}» dice «{value}»: la última fecha se escribe año-mes-día (2027-06-27), igual o después de la fecha del evento, y cuántas veces es un número entero (8).",
        "'{field}' says '{value}': the last date is written year-month-day (2027-06-27), on or after the event's date, and how many times is a whole number (8).",
    ),
    "event_too_many": (
        "El evento se repetiría más de {limit} veces: acorta «{until}» o «{count}». Si sigue después, anúncialo otra vez más adelante.",
        "The event would repeat more than {limit} times: shorten '{until}' or '{count}'. If it goes on, announce it again later.",
    ),
    "event_organizer_unknown": (
        "Alguien de «{field}» no es una persona artista de Altavoz: pega la dirección de su página (termina en /artists/su-nombre/) o bórrala.",
        "Someone in '{field}' is not an Altavoz artist: paste the address of their page (it ends in /artists/their-name/) or delete it.",
    ),
    "event_organizer_not_found": (
        "No encontramos a «{value}» entre las personas artistas de Altavoz: en «{field}» pega la dirección de su página (termina en /artists/su-nombre/), o bórrala. Si aún no tiene perfil, puede crearlo enviando una obra.",
        "'{value}' is not among Altavoz's artists: in '{field}' paste the address of their page (it ends in /artists/their-name/), or delete it. If they have no profile yet, they can make one by submitting a work.",
    ),
    "event_work_unknown": (
        "Una obra de «{field}» no está en Altavoz: pega la dirección de su página (termina en /works/artista/obra/) o bórrala.",
        "A work in '{field}' is not on Altavoz: paste the address of its page (it ends in /works/artist/work/) or delete it.",
    ),
    "event_work_not_found": (
        "No encontramos la obra «{value}» en Altavoz: en «{field}» pega la dirección de su página (termina en /works/artista/obra/), o bórrala.",
        "The work '{value}' is not on Altavoz: in '{field}' paste the address of its page (it ends in /works/artist/work/), or delete it.",
    ),
    "event_more_not_found": (
        "Y {count} más de «{field}» tampoco están en Altavoz: revisa esa lista.",
        "And {count} more in '{field}' are not on Altavoz either: check that list.",
    ),
    "event_online_invalid": (
        "El enlace «{value}» de «{field}» no es una dirección segura completa: escríbela entera, empezando con https:// (sin espacios), o bórrala.",
        "The link '{value}' in '{field}' is not a full secure address: write it whole, starting with https:// (no spaces), or delete it.",
    ),
    "event_address_private": (
        "La dirección «{value}» de «{field}» parece la de una casa. Una persona del equipo la revisará contigo: publicar dónde vive alguien puede ponerle en riesgo. Si es una casa, escribe solo la colonia o el barrio y comparte la dirección en privado.",
        "The address '{value}' in '{field}' looks like a home. Someone from the team will look at it with you: publishing where someone lives can put them at risk. If it is a home, write only the neighbourhood and share the address privately.",
    ),
    "event_repeat_none": (
        "Escribiste «{field}», pero el evento no se repite: en «{repeat}» elige cada semana o cada mes, o borra «{field}».",
        "You filled in '{field}', but the event does not repeat: in '{repeat}' choose every week or every month, or empty '{field}'.",
    ),
    "event_too_many_named": (
        "«{field}» nombra más de {limit}: deja solo los principales.",
        "'{field}' names more than {limit}: keep only the main ones.",
    ),
    "event_folder_reserved": (
        "El nombre del evento choca con una página de la agenda: cambia un poco «Nombre del evento».",
        "The event's name clashes with a page of the agenda: change the event name a little.",
    ),
    "event_description_missing": (
        "Falta contar de qué se trata: escribe unas líneas en «{field}».",
        "Say what it is about: write a few lines in '{field}'.",
    ),
    "event_alt_without_photos": (
        "Escribiste descripciones de fotos pero no hay fotos: adjunta las fotos en «{field}», o borra las descripciones.",
        "You wrote photo descriptions but there are no photos: attach the photos in '{field}', or delete the descriptions.",
    ),
    "event_exists": (
        "Ya hay varios eventos con este nombre en esa fecha: cambia un poco «{field}».",
        "There are already several events with this name on that date: change '{field}' a little.",
    ),
    "event_consent_missing": (
        "Falta tu permiso: marca la casilla de «{field}». Sin ella no podemos publicar el evento.",
        "Your consent is missing: tick the box under '{field}'. Without it the event cannot be published.",
    ),
    "passed_event": (
        "¡Listo! Preparamos tu evento «{title}» y abrimos una propuesta (pull request) para publicarlo en la agenda. Una persona del equipo lo revisa y, cuando lo acepte, aparece en el sitio. Si quieres cambiar algo antes, edita este issue.",
        "Done! Your event '{title}' is ready and a pull request to publish it in the agenda is open. Someone from the team reviews it and, once accepted, it appears on the site. To change something before then, edit this issue.",
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
