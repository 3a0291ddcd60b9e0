"""What the intake tells the author on the issue: the Spanish text, and each other language
from the message catalogs.

These are problems with the form, and the few moderation findings that have a better
answer for a phone (``FINDING_ADVICE``): each message names the field of the form and
says what to do in the form, because the author may have only a phone. The intake
strips the photos itself, so no message asks for a tool; no message shows a finding's
AVnnn code or a file's path (the maintainers' check report on the pull request does).

Spanish is the source language: ``MESSAGES`` holds each message's Spanish ``str.format``
template, and the English (or any other language) is in the core's gettext catalogs
(``altavoz_core/locale``, msgctxt ``intake:<key>``). After changing or adding a message
here, run ``python tools/update_messages.py`` and translate it in ``locale/en``.
"""

# ruff: noqa: E501  (a table of long messages reads better unwrapped)
from __future__ import annotations

from altavoz_core import catalogs

MESSAGES: dict[str, str] = {
    "heading_repeated": "El formulario tiene repetido el título «{label}». No escribas en tus textos una línea que empiece con «###» y el nombre de un campo del formulario.",
    "headings_missing": "Al texto del issue le falta la sección {labels}: edita el issue y vuelve a escribir esa línea tal cual, con tu respuesta debajo (o abre un issue nuevo con el formulario).",
    "headings_unknown": "El texto del issue tiene una sección que el formulario no tiene: {labels}. Si cambiaste el nombre de una sección, devuélveselo; si es un título dentro de tu texto, quítale los «###» del principio (una línea que empieza con «###» es el nombre de una sección).",
    "form_unknown": "El texto de este issue ya no tiene las secciones del formulario (cada una empieza con «###» y su nombre), así que no sabemos qué preparar: abre un issue nuevo con uno de los formularios, {forms}.",
    "title_missing": "Falta el título de la obra: escríbelo en «Título».",
    "photos_missing": "No hay fotos: edita el issue, toca el cuadro «Fotos» y adjunta la foto de nuevo desde tu galería.",
    "photo_uploading": "Una foto todavía se estaba subiendo cuando enviaste el formulario: edita el issue y adjunta la foto de nuevo; espera a que aparezca su dirección antes de guardar.",
    "photo_foreign_host": "La foto {number} no está adjunta a GitHub ({url}): solo aceptamos fotos adjuntas en el cuadro «Fotos». Borra esa dirección y adjunta la foto desde tu galería.",
    "photo_bad_address": "La dirección de la foto {number} no es la que GitHub escribe al adjuntar ({url}): bórrala y adjunta la foto de nuevo.",
    "photo_too_many": "Adjuntaste {count} fotos y el máximo es {limit}: deja solo las {limit} mejores.",
    "photo_empty": "La foto {number} está vacía: adjúntala de nuevo.",
    "photo_repeated": "La foto {number} es la misma que la foto {first}: borra una de las dos en «Fotos» (y su línea en «Descripción de cada foto»).",
    "photo_not_image": "La foto {number} no es una foto que podamos publicar (es {kind}): adjunta una foto JPEG, PNG, HEIC, WebP o GIF.",
    "photo_too_large": "La foto {number} pesa más de {limit_mb} MB: adjunta una versión más pequeña (por ejemplo, compártela por WhatsApp contigo y guarda esa).",
    "photo_missing": "No encontramos la foto {number}: edita el issue y adjunta la foto de nuevo.",
    "photo_download_failed": "No pudimos descargar la foto {number} de GitHub: edita el issue y adjunta la foto de nuevo.",
    "photo_cannot_clean": "La foto {number} está dañada y no podemos quitarle la ubicación sin tocar la imagen: adjunta la foto de nuevo, o una captura de pantalla de ella.",
    "alt_missing": "Falta la descripción de las fotos: en «Descripción de cada foto» escribe una línea por foto con lo que se ve, para quien no puede verla.",
    "alt_missing_for": "La foto {number} no tiene descripción: en «Descripción de cada foto» escribe una línea por foto, en el mismo orden; la línea {number} es la de la foto {number}.",
    "alt_extra": "Hay una descripción de más (línea {line}: «{value}»): no hay foto {line}. Bórrala de «Descripción de cada foto», o adjunta esa foto en «Fotos».",
    "alt_extra_more": "Y hay {count} descripciones de más después de esas: deja en «Descripción de cada foto» una línea por foto.",
    "license_missing": "No elegiste licencia: en «Licencia» elige una de la lista (si dudas, «Todos los derechos reservados»).",
    "license_unknown": "La licencia escrita no es una de la lista: edita el issue y elige una en «Licencia».",
    "consent_missing": "Falta tu permiso: marca la casilla de «Permiso». Sin ella no podemos publicar la obra.",
    "lang_unknown": "Elige el idioma de tus textos en la lista «Idioma de tus textos».",
    "year_invalid": "El año «{value}» no es un año de cuatro cifras: escribe por ejemplo 2026, o déjalo vacío.",
    "link_invalid": "El enlace «{value}» no empieza con https://: corrígelo o bórralo en «Enlaces».",
    "too_long": "«{field}» es demasiado largo (más de {limit} caracteres): acórtalo.",
    "name_missing": "Es tu primer envío: escribe tu nombre en «Tu nombre (obligatorio la primera vez)» para crear tu perfil de artista.",
    "no_artist": "No tienes todavía un perfil de artista en Altavoz, así que no hay obras tuyas que cambiar o retirar: para tu primera obra usa el formulario «Envía tu obra».",
    "work_unknown": "No encontramos la obra «{value}» entre tus obras: en «Obra» escribe la dirección de su página o el final de esa dirección (por ejemplo «raices-de-maiz»).",
    "work_exists": "Ya tienes una obra llamada así ({value}): para cambiarla usa el formulario «Cambia una obra», o elige otro título.",
    "nothing_changed": "No escribiste ningún cambio: llena los campos que quieres cambiar.",
    "confirm_missing": "Marca la casilla de «Confirmación» para retirar la obra.",
    "editor_not_author": "Solo quien abrió este issue (o el equipo de Altavoz) puede cambiar el envío: esta edición no se usó.",
    "not_a_form": "Este issue no es uno de los formularios de envío de Altavoz, así que no hay nada que preparar.",
    "edit_hint": "Edita el issue (menú ··· → Edit), corrígelo y guarda: la revisión corre otra vez.",
    "check_errors": "La revisión encontró problemas en la obra preparada:",
    "check_errors_event": "La revisión encontró problemas en el evento preparado:",
    "check_errors_more": "Y {count} problemas más de la revisión: corrige estos, guarda, y la revisión te dirá los que queden.",
    "check_warnings_more": "Y {count} avisos más: una persona del equipo los ve todos en la propuesta.",
    "check_warnings": "Avisos (no impiden publicar; una persona del equipo los mira contigo):",
    "failed_heading": "Tu envío todavía no está listo. Esto es lo que hay que cambiar:",
    "passed_new": "¡Listo! Preparamos tu obra «{title}» y abrimos una propuesta (pull request) para publicarla. Una persona del equipo la revisa y, cuando la acepte, tu obra aparece en el sitio. Si quieres cambiar algo, edita este issue.",
    "passed_update": "¡Listo! Preparamos el cambio de «{title}» en una propuesta (pull request). Cuando el equipo la acepte, la página se actualiza.",
    "passed_withdraw": "Preparamos el retiro de «{title}» en una propuesta (pull request). Cuando el equipo la acepte, la obra y sus fotos salen del sitio.",
    "stripped": "Quitamos de tus fotos la ubicación y otros datos privados, sin tocar la imagen.",
    "new_artist": "También creamos tu perfil de artista, «{name}»: aparece junto con tu obra.",
    "photo_small": "La foto {number} es pequeña y se verá borrosa en pantallas grandes. Envía la foto original desde la galería de tu teléfono, no la que guardó WhatsApp: WhatsApp la achica. Edita el issue, toca «Fotos» y adjúntala de nuevo.",
    "internal": "Algo falló de nuestro lado al preparar tu envío; el equipo ya puede verlo. No tienes que hacer nada.",
    "artist_twice": "Tu cuenta de GitHub aparece en más de un perfil de artista ({folders}), así que no sabemos a cuál va tu obra. No tienes que hacer nada: el equipo lo revisará y te escribirá aquí.",
    "artist_account": "Tu perfil de artista ahora va unido a tu cuenta de GitHub, «{login}», aunque cambies de nombre de usuario.",
    "artist_pending": "Tu perfil de artista ya se está preparando en el issue #{issue}: esta obra usa el mismo perfil, en la dirección «{address}».",
    "artist_folder_taken": "La dirección «{wanted}» ya es de otra persona artista, así que tu perfil estará en «{address}». Si prefieres otra dirección, pídela en un comentario de este issue.",
    # ---- an event (evento-nuevo.yml): each names its field by the form's label
    "event_title_missing": "Falta el nombre del evento: escríbelo en «{field}».",
    "event_venue_missing": "Falta el lugar del evento: escribe en «{field}» el nombre del lugar.",
    "event_date_missing": "Falta la fecha del evento: escríbela en «{field}» como año-mes-día, por ejemplo 2027-03-14.",
    "event_date_invalid": "La fecha «{value}» de «{field}» no es una fecha que entendamos: escríbela como año-mes-día con números, por ejemplo 2027-03-14.",
    "event_date_day_first": "La fecha «{value}» de «{field}» va con el día primero: escríbela como año-mes-día, así: {suggestion}.",
    "event_time_missing": "Falta la hora de inicio: escríbela en «{field}» con 24 horas, por ejemplo 18:00.",
    "event_time_invalid": "La hora «{value}» de «{field}» no es una hora que entendamos: escríbela con 24 horas y dos puntos, por ejemplo 18:00 o 9:30.",
    "event_time_twelve": "La hora «{value}» de «{field}» va con a.m./p.m.: escríbela con 24 horas, así: {suggestion}.",
    "event_end_missing": "Falta cuándo termina el evento: en «{end}» escribe la hora de fin (20:00), o fecha y hora si termina otro día (2027-03-15 14:00), o cuánto dura (2h, 90m).",
    "event_end_invalid": "«{field}» dice «{value}», que no entendemos: escribe la hora de fin (20:00), o fecha y hora si termina otro día (2027-03-15 14:00), o cuánto dura (2h, 90m, 3d).",
    "event_when_invalid": "«{field}» dice «{value}», que no es una fecha y hora válida: revisa el día y la hora.",
    "event_timezone_unknown": "Elige la zona horaria del evento en la lista «{field}».",
    "event_end_before_start": "El evento termina antes de empezar (o a la misma hora): revisa «{field}». Si termina después de medianoche, escribe la fecha y la hora del fin, por ejemplo 2027-03-15 01:00.",
    "event_too_long": "«{field}» dice «{value}»: un evento dura a lo más {days} días (escribe la duración como 2h, 90m o 3d). Si es algo que se repite, elige en «{repeat}» cada semana o cada mes.",
    "event_year_outside": "La fecha «{value}» de «{field}» está fuera de los años que publica la agenda: revisa el año.",
    "event_time_skipped": "La hora «{value}» no existe ese día en la zona horaria del evento: los relojes se adelantan y se la saltan. Escribe otra hora en «{field}».",
    "event_status_unknown": "El estado del evento no es uno que la agenda conozca: el equipo lo revisará contigo.",
    "event_repeat_unknown": "Elige en la lista «{field}» si el evento se repite cada semana, cada mes o no se repite.",
    "event_repeat_end": "El evento se repite: di cuándo termina, con la fecha de la última vez en «{until}» o cuántas veces en «{count}» (solo uno de los dos).",
    "event_until_invalid": "«{field}» dice «{value}»: la última fecha se escribe año-mes-día (2027-06-27), igual o después de la fecha del evento, y cuántas veces es un número entero (8).",
    "event_too_many": "El evento se repetiría más de {limit} veces: acorta «{until}» o «{count}». Si sigue después, anúncialo otra vez más adelante.",
    "event_organizer_unknown": "Alguien de «{field}» no es una persona artista de Altavoz: pega la dirección de su página (termina en /artists/su-nombre/) o bórrala.",
    "event_organizer_not_found": "No encontramos a «{value}» entre las personas artistas de Altavoz: en «{field}» pega la dirección de su página (termina en /artists/su-nombre/), o bórrala. Si aún no tiene perfil, puede crearlo enviando una obra.",
    "event_work_unknown": "Una obra de «{field}» no está en Altavoz: pega la dirección de su página (termina en /works/artista/obra/) o bórrala.",
    "event_work_not_found": "No encontramos la obra «{value}» en Altavoz: en «{field}» pega la dirección de su página (termina en /works/artista/obra/), o bórrala.",
    "event_more_not_found": "Y {count} más de «{field}» tampoco están en Altavoz: revisa esa lista.",
    "event_online_invalid": "El enlace «{value}» de «{field}» no es una dirección segura completa: escríbela entera, empezando con https:// (sin espacios), o bórrala.",
    "event_address_private": "La dirección «{value}» de «{field}» parece la de una casa. Una persona del equipo la revisará contigo: publicar dónde vive alguien puede ponerle en riesgo. Si es una casa, escribe solo la colonia o el barrio y comparte la dirección en privado.",
    "event_repeat_none": "Escribiste «{field}», pero el evento no se repite: en «{repeat}» elige cada semana o cada mes, o borra «{field}».",
    "event_too_many_named": "«{field}» nombra más de {limit}: deja solo los principales.",
    "event_folder_reserved": "El nombre del evento choca con una página de la agenda: cambia un poco «Nombre del evento».",
    "event_description_missing": "Falta contar de qué se trata: escribe unas líneas en «{field}».",
    "event_alt_without_photos": "Escribiste descripciones de fotos pero no hay fotos: adjunta las fotos en «{field}», o borra las descripciones.",
    "event_exists": "Ya hay varios eventos con este nombre en esa fecha: cambia un poco «{field}».",
    "event_consent_missing": "Falta tu permiso: marca la casilla de «{field}». Sin ella no podemos publicar el evento.",
    "passed_event": "¡Listo! Preparamos tu evento «{title}» y abrimos una propuesta (pull request) para publicarlo en la agenda. Una persona del equipo lo revisa y, cuando lo acepte, aparece en el sitio. Si quieres cambiar algo antes, edita este issue.",
    # ---- an event's change (cambiar-evento.yml)
    "event_unknown": "No encontramos el evento «{value}» en la agenda: en «{field}» pega la dirección de su página (termina en /agenda/nombre-del-evento/) o el final de esa dirección.",
    "event_not_organizer": "Solo quien organiza un evento puede cambiarlo con este formulario, y tu cuenta de GitHub no es la de ninguna de las personas que organizan este. No cambiamos nada. Si es un error, escríbelo en un comentario de este issue y el equipo lo revisa.",
    "event_change_unknown": "Elige en la lista «{field}» qué pasa con el evento.",
    "event_date_not_moved": "En «{field}» elegiste que el evento se cancela o se pospone sin fecha nueva, pero escribiste una fecha u hora nueva: si ya tiene fecha nueva, elige «Nueva fecha u hora»; si no, borra «{date}», «{time}» y «{end}».",
    "event_date_not_given": "En «{field}» elegiste «Nueva fecha u hora»: escribe la nueva fecha en «{date}», la nueva hora en «{time}» o el nuevo fin en «{end}».",
    "event_not_plain": "El archivo de este evento está escrito de una forma que el formulario no puede cambiar sin riesgo, así que no cambiamos nada: escribe en un comentario de este issue qué cambia y el equipo lo hará.",
    "passed_event_update": "¡Listo! Preparamos el cambio de tu evento «{title}» en una propuesta (pull request). Cuando el equipo la acepte, la agenda y los calendarios se actualizan.",
    # Where a check's message came from, after it: the form's field as the author saw it.
    "in_the_form": "(En el formulario: «{label}».)",
    # What a repository path in a check's message is to the author (the path is replaced).
    "place_work": "tu obra",
    "place_event": "tu evento",
    "place_other_event": "otro evento",
    "place_profile": "tu perfil",
    "place_photo": "la foto {number}",
    "place_other_work": "otra obra",
    "place_other_profile": "otro perfil",
    "place_other": "otro archivo del sitio",
}


# Moderation findings about a photo the intake wrote that have a better answer for a
# phone than the check's own (which names files and tools): code -> message key, whose
# message takes the photo's {number}.
FINDING_ADVICE = {"AV509": "photo_small"}


CONTEXT = "intake:{}"  # the msgctxt of a message in the catalogs


def catalog_entries() -> list[catalogs.Entry]:
    """The intake's messages as entries of the message catalogs (msgctxt ``intake:<key>``)."""
    return [catalogs.Entry(CONTEXT.format(key), spanish) for key, spanish in MESSAGES.items()]


def message(key: str, lang: str = "es", **values) -> str:
    """One message in ``lang`` (Spanish where its catalog has none), its blanks filled in."""
    return catalogs.translate(CONTEXT.format(key), MESSAGES[key], lang).format(**values)
