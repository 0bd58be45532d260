# Les messages de microblog en français. Chaque catalogue a les mêmes messages que l'anglais,
# le catalogue de référence (un test dit lequel manque à qui).

language-name = Français

## La mise en page : titre, barre de navigation, pied de page, tâches de fond

site-welcome = Bienvenue sur Microblog
site-title = { $title } - Microblog
nav-home = Accueil
nav-explore = Explorer
nav-search = Rechercher
nav-messages = Messages
nav-profile = Profil
nav-logout = Déconnexion
nav-login = Connexion
footer-language = Langue
task-export_posts = Export de vos publications…
task-export_posts-done = Export terminé : le fichier est en route vers votre boîte de réception.
task-export_posts-failed = L'export de vos publications a échoué :
task-dismiss = Fermer

## Les publications et les fils

post-said = a publié
post-translate = Traduire
post-translating = Traduction en cours…
post-translation-failed = La traduction a échoué :
post-translation-unreachable = le site est injoignable.
posts-newer = Publications plus récentes
posts-older = Publications plus anciennes
posts-none = Aucune publication pour l'instant.
posts-no-match = Aucune publication ne correspond à votre recherche.
messages-newer = Messages plus récents
messages-older = Messages plus anciens
messages-none = Aucun message pour l'instant.
search-previous = Résultats précédents
search-next = Résultats suivants
pager-label = pages

## Les pages

index-title = Accueil
index-hello = Bonjour, { $username } !
index-say = Quoi de neuf ?
explore-title = Explorer
search-title = Recherche
search-heading = Résultats de la recherche
login-title = Connexion
login-remember = Se souvenir de moi
login-new-user = Pas encore de compte ?
login-register = Inscrivez-vous !
login-forgot = Mot de passe oublié ?
login-reset = Réinitialisez-le
register-title = Inscription
reset-request-title = Mot de passe oublié
reset-title = Choisissez un nouveau mot de passe
reset-request-submit = Recevoir le lien de réinitialisation
reset-submit = Changer de mot de passe
profile-heading = Utilisateur : { $username }
profile-last-seen = Dernière visite :
profile-counts = { $followers ->
        [one] { $followers } abonné
       *[other] { $followers } abonnés
    }, { $following ->
        [one] { $following } abonnement
       *[other] { $following } abonnements
    }.
profile-edit = Modifier votre profil
profile-export = Exporter vos publications
profile-follow = Suivre
profile-unfollow = Ne plus suivre
profile-send-message = Envoyer un message privé
edit-profile-title = Modifier le profil
messages-title = Messages
send-message-title = Envoyer un message
send-message-heading = Envoyer un message à { $username }

## Les champs des formulaires et leurs boutons

field-username = Nom d'utilisateur
field-password = Mot de passe
field-password2 = Confirmer le mot de passe
field-email = Adresse e-mail
field-about-me = À propos de moi
field-message = Message
button-submit = Envoyer
button-sign-in = Se connecter
button-register = S'inscrire

## Les erreurs des formulaires

form-required = Ce champ est obligatoire.
form-invalid-characters = Ce champ contient des caractères interdits.
form-too-long = Ce champ ne peut pas dépasser { $max } caractères.
form-length = Ce champ doit compter entre { $min } et { $max } caractères.
form-invalid-email = Adresse e-mail invalide.
form-passwords-differ = Les deux mots de passe ne sont pas identiques.
form-username-taken = Ce nom d'utilisateur est déjà pris : choisissez-en un autre.
form-email-taken = Cette adresse e-mail est déjà utilisée : choisissez-en une autre.

## Les messages « flash »

flash-login-required = Connectez-vous pour accéder à cette page.
flash-invalid-login = Nom d'utilisateur ou mot de passe incorrect
flash-registered = Félicitations, votre compte est créé !
flash-reset-sent = Consultez vos e-mails : vous y trouverez les instructions pour réinitialiser votre mot de passe
flash-password-reset = Votre mot de passe a été réinitialisé.
flash-profile-saved = Vos modifications ont été enregistrées.
flash-user-not-found = L'utilisateur { $username } est introuvable.
flash-cannot-follow-self = Vous ne pouvez pas vous suivre vous-même !
flash-cannot-unfollow-self = Vous ne pouvez pas cesser de vous suivre vous-même !
flash-following = Vous suivez désormais { $username } !
flash-not-following = Vous ne suivez plus { $username }.
flash-export-under-way = Un export est déjà en cours
flash-post-live = Votre publication est en ligne !
flash-message-sent = Votre message a été envoyé.

## Les pages d'erreur

error-title-400 = Requête invalide
error-title-403 = Accès refusé
error-title-404 = Page introuvable
error-title-405 = Méthode non autorisée
error-title-413 = Requête trop volumineuse
error-title-415 = Type de contenu non pris en charge
error-title-500 = Une erreur inattendue s'est produite
error-title-other = Erreur { $status }
error-404 = La page demandée n'existe pas.
error-500 = L'administrateur a été prévenu. Veuillez nous excuser pour la gêne occasionnée !
error-back = Retour
error-csrf-missing = Le jeton CSRF est manquant.
error-csrf-session-missing = Le jeton CSRF de la session est manquant.
error-csrf-invalid = Le jeton CSRF n'est pas valide.
error-too-large = Le corps de la requête est trop volumineux.
error-bad-language = Ce site n'est pas disponible dans cette langue.

## La traduction des publications (affichée après « La traduction a échoué : »)

translate-text-length = le texte doit compter entre 1 et { $max } caractères.
translate-bad-language = { $field } doit être un code de langue, comme « fr ».
translate-not-configured = aucun service de traduction n'est configuré.
translate-timeout = le service de traduction n'a pas répondu à temps.
translate-unreachable = le service de traduction est injoignable.
translate-refused = le service de traduction a refusé la demande : { $reason }
translate-bad-answer = le service de traduction a renvoyé autre chose qu'une traduction.

## Les e-mails

mail-reset-subject = [Microblog] Réinitialisation de votre mot de passe
mail-reset-body =
    Bonjour { $username },

    Pour réinitialiser votre mot de passe, ouvrez ce lien dans les 10 minutes :

    { $link }

    Si vous n'êtes pas à l'origine de cette demande, ignorez simplement ce message.

    Bien cordialement,

    L'équipe Microblog
mail-export-subject = [Microblog] Vos publications
mail-export-body =
    Bonjour { $username },

    Voici vos publications, comme vous l'avez demandé : { $count } au total, dans le fichier joint posts.json.

    Bien cordialement,

    L'équipe Microblog

## Les dates : relatives comme moment.js les écrit, et la date longue de « Dernière visite »

time-future = dans quelques secondes
time-seconds = il y a quelques secondes
time-minute = il y a une minute
time-minutes = il y a { $n } minutes
time-hour = il y a une heure
time-hours = il y a { $n } heures
time-day = il y a un jour
time-days = il y a { $n } jours
time-month = il y a un mois
time-months = il y a { $n } mois
time-year = il y a un an
time-years = il y a { $n } ans
# « 1er mai 2024 à 14:03 UTC »
date-long = { $day ->
        [1] 1er
       *[other] { $day }
    } { $month } { $year } à { $hour }:{ $minute } UTC
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
