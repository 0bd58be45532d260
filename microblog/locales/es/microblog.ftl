# Los mensajes de microblog en español. Cada catálogo tiene los mismos mensajes que el inglés,
# el catálogo de referencia (una prueba dice cuál le falta a cuál).

language-name = Español

## La plantilla: título, barra de navegación, pie de página, tareas en segundo plano

site-welcome = Te damos la bienvenida a Microblog
site-title = { $title } - Microblog
nav-home = Inicio
nav-explore = Explorar
nav-search = Buscar
nav-messages = Mensajes
nav-profile = Perfil
nav-logout = Cerrar sesión
nav-login = Iniciar sesión
footer-language = Idioma
task-export_posts = Exportando tus publicaciones…
task-export_posts-done = Exportación terminada: el archivo va camino de tu buzón.
task-export_posts-failed = La exportación de tus publicaciones ha fallado:
task-dismiss = Cerrar

## Publicaciones y cronologías

post-said = publicó
post-translate = Traducir
post-translating = Traduciendo…
post-translation-failed = La traducción ha fallado:
post-translation-unreachable = no se puede acceder al sitio.
posts-newer = Publicaciones más recientes
posts-older = Publicaciones más antiguas
posts-none = Todavía no hay publicaciones.
posts-no-match = Ninguna publicación coincide con la búsqueda.
messages-newer = Mensajes más recientes
messages-older = Mensajes más antiguos
messages-none = Todavía no hay mensajes.
search-previous = Resultados anteriores
search-next = Resultados siguientes
pager-label = páginas

## Páginas

index-title = Inicio
index-hello = ¡Hola, { $username }!
index-say = ¿Qué quieres contar?
explore-title = Explorar
search-title = Búsqueda
search-heading = Resultados de la búsqueda
login-title = Iniciar sesión
login-remember = Recordarme
login-new-user = ¿No tienes cuenta?
login-register = ¡Regístrate aquí!
login-forgot = ¿Has olvidado tu contraseña?
login-reset = Restablécela aquí
register-title = Registro
reset-request-title = Restablecer la contraseña
reset-title = Elige una contraseña nueva
reset-request-submit = Enviarme el enlace
reset-submit = Cambiar la contraseña
profile-heading = Usuario: { $username }
profile-last-seen = Última visita:
profile-counts = { $followers ->
        [one] { $followers } seguidor
       *[other] { $followers } seguidores
    }, { $following } siguiendo.
profile-edit = Editar tu perfil
profile-export = Exportar tus publicaciones
profile-follow = Seguir
profile-unfollow = Dejar de seguir
profile-send-message = Enviar un mensaje privado
edit-profile-title = Editar perfil
messages-title = Mensajes
send-message-title = Enviar un mensaje
send-message-heading = Enviar un mensaje a { $username }

## Campos y botones de los formularios

field-username = Nombre de usuario
field-password = Contraseña
field-password2 = Confirmar contraseña
field-email = Correo electrónico
field-about-me = Acerca de mí
field-message = Mensaje
button-submit = Enviar
button-sign-in = Iniciar sesión
button-register = Registrarse

## Errores de los formularios

form-required = Este campo es obligatorio.
form-invalid-characters = El campo contiene caracteres no válidos.
form-too-long = El campo no puede tener más de { $max } caracteres.
form-length = El campo debe tener entre { $min } y { $max } caracteres.
form-invalid-email = La dirección de correo no es válida.
form-passwords-differ = Las contraseñas no coinciden.
form-username-taken = Ese nombre de usuario ya existe: elige otro.
form-email-taken = Esa dirección de correo ya está registrada: usa otra.

## Mensajes flash

flash-login-required = Inicia sesión para acceder a esta página.
flash-invalid-login = Nombre de usuario o contraseña incorrectos
flash-registered = ¡Enhorabuena, ya tienes una cuenta!
flash-reset-sent = Revisa tu correo: te hemos enviado las instrucciones para restablecer tu contraseña
flash-password-reset = Tu contraseña se ha restablecido.
flash-profile-saved = Tus cambios se han guardado.
flash-user-not-found = No existe el usuario { $username }.
flash-cannot-follow-self = ¡No puedes seguirte a ti mismo!
flash-cannot-unfollow-self = ¡No puedes dejar de seguirte a ti mismo!
flash-following = ¡Ahora sigues a { $username }!
flash-not-following = Ya no sigues a { $username }.
flash-export-under-way = Ya hay una exportación en curso
flash-post-live = ¡Tu publicación ya está en línea!
flash-message-sent = Tu mensaje se ha enviado.

## Páginas de error

error-title-400 = Solicitud incorrecta
error-title-403 = Acceso denegado
error-title-404 = Página no encontrada
error-title-405 = Método no permitido
error-title-413 = Solicitud demasiado grande
error-title-415 = Tipo de contenido no admitido
error-title-500 = Se ha producido un error inesperado
error-title-other = Error { $status }
error-404 = La página que buscas no existe.
error-500 = Se ha avisado al administrador. ¡Disculpa las molestias!
error-back = Volver
error-csrf-missing = Falta el token CSRF.
error-csrf-session-missing = Falta el token CSRF de la sesión.
error-csrf-invalid = El token CSRF no es válido.
error-too-large = El cuerpo de la solicitud es demasiado grande.
error-bad-language = Este sitio no está disponible en ese idioma.

## Traducción de publicaciones (se muestra tras «La traducción ha fallado:»)

translate-text-length = el texto debe tener entre 1 y { $max } caracteres.
translate-bad-language = { $field } debe ser un código de idioma, como «fr».
translate-not-configured = no hay ningún servicio de traducción configurado.
translate-timeout = el servicio de traducción no ha respondido a tiempo.
translate-unreachable = no se puede acceder al servicio de traducción.
translate-refused = el servicio de traducción ha rechazado la solicitud: { $reason }
translate-bad-answer = el servicio de traducción ha devuelto algo que no es una traducción.

## Correos

mail-reset-subject = [Microblog] Restablece tu contraseña
mail-reset-body =
    Hola, { $username }:

    Para restablecer tu contraseña, abre este enlace en los próximos 10 minutos:

    { $link }

    Si no has pedido restablecer tu contraseña, ignora este mensaje.

    Un saludo,

    El equipo de Microblog
mail-export-subject = [Microblog] Tus publicaciones
mail-export-body =
    Hola, { $username }:

    Aquí tienes tus publicaciones, como has pedido: { $count } en total, en el archivo adjunto posts.json.

    Un saludo,

    El equipo de Microblog

## Fechas: relativas como las escribe moment.js, y la fecha larga de «Última visita»

time-future = dentro de unos segundos
time-seconds = hace unos segundos
time-minute = hace un minuto
time-minutes = hace { $n } minutos
time-hour = hace una hora
time-hours = hace { $n } horas
time-day = hace un día
time-days = hace { $n } días
time-month = hace un mes
time-months = hace { $n } meses
time-year = hace un año
time-years = hace { $n } años
# «1 de mayo de 2024, 14:03 UTC»
date-long = { $day } de { $month } de { $year }, { $hour }:{ $minute } UTC
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
