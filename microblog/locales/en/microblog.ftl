# microblog's messages in English: the reference catalog. Every catalog has the same messages
# (a test says which one misses what). Syntax: https://projectfluent.org/fluent/guide/

# The name of this catalog's language, in the language itself, for the language switcher.
language-name = English

## The layout: title, navbar, footer, background tasks

site-welcome = Welcome to Microblog
site-title = { $title } - Microblog
nav-home = Home
nav-explore = Explore
nav-search = Search
nav-messages = Messages
nav-profile = Profile
nav-logout = Logout
nav-login = Login
footer-language = Language
# A background task: under way, done, failed (its reason follows).
task-export_posts = Exporting posts...
task-export_posts-done = Your posts are exported: the file is on its way to your mailbox.
task-export_posts-failed = The export of your posts failed:
task-dismiss = Dismiss

## Posts and timelines

post-said = said
post-translate = Translate
post-translating = Translating...
post-translation-failed = Translation failed:
post-translation-unreachable = the site cannot be reached.
posts-newer = Newer posts
posts-older = Older posts
posts-none = No posts yet.
posts-no-match = No posts match.
messages-newer = Newer messages
messages-older = Older messages
messages-none = No messages yet.
search-previous = Previous results
search-next = Next results
# The name screen readers give the Newer/Older links.
pager-label = pages

## Pages

index-title = Home
index-hello = Hi, { $username }!
index-say = Say something
explore-title = Explore
search-title = Search
search-heading = Search Results
login-title = Sign In
login-remember = Remember Me
login-new-user = New User?
login-register = Click to Register!
login-forgot = Forgot Your Password?
login-reset = Click to Reset It
register-title = Register
reset-request-title = Reset Password
reset-title = Reset Your Password
reset-request-submit = Request Password Reset
reset-submit = Reset Password
profile-heading = User: { $username }
profile-last-seen = Last seen on:
profile-counts = { $followers ->
        [one] 1 follower
       *[other] { $followers } followers
    }, { $following } following.
profile-edit = Edit your profile
profile-export = Export your posts
profile-follow = Follow
profile-unfollow = Unfollow
profile-send-message = Send private message
edit-profile-title = Edit Profile
messages-title = Messages
send-message-title = Send Message
send-message-heading = Send Message to { $username }

## Form fields and buttons

field-username = Username
field-password = Password
field-password2 = Repeat Password
field-email = Email
field-about-me = About me
field-message = Message
button-submit = Submit
button-sign-in = Sign In
button-register = Register

## Form errors

form-required = This field is required.
form-invalid-characters = Field contains invalid characters.
form-too-long = Field cannot be longer than { $max } characters.
form-length = Field must be between { $min } and { $max } characters long.
form-invalid-email = Invalid email address.
form-passwords-differ = Field must be equal to password.
form-username-taken = Please use a different username.
form-email-taken = Please use a different email address.

## Flashed messages

flash-login-required = Please log in to access this page.
flash-invalid-login = Invalid username or password
flash-registered = Congratulations, you are now a registered user!
flash-reset-sent = Check your email for the instructions to reset your password
flash-password-reset = Your password has been reset.
flash-profile-saved = Your changes have been saved.
flash-user-not-found = User { $username } not found.
flash-cannot-follow-self = You cannot follow yourself!
flash-cannot-unfollow-self = You cannot unfollow yourself!
flash-following = You are following { $username }!
flash-not-following = You are not following { $username }.
flash-export-under-way = An export task is currently in progress
flash-post-live = Your post is now live!
flash-message-sent = Your message has been sent.

## Error pages

error-title-400 = Bad Request
error-title-403 = Forbidden
error-title-404 = Not Found
error-title-405 = Method Not Allowed
error-title-413 = Payload Too Large
error-title-415 = Unsupported Media Type
error-title-500 = An unexpected error has occurred
error-title-other = Error { $status }
error-404 = The page you asked for does not exist.
error-500 = The administrator has been notified. Sorry for the inconvenience!
error-back = Back
error-csrf-missing = The CSRF token is missing.
error-csrf-session-missing = The CSRF session token is missing.
error-csrf-invalid = The CSRF token is invalid.
error-too-large = The request body is too large.
error-bad-language = This site does not speak that language.

## Translation of posts (shown in the page after "Translation failed:")

translate-text-length = the text must be 1 to { $max } characters long.
translate-bad-language = { $field } must be a language code such as "fr".
translate-not-configured = no translation service is configured.
translate-timeout = the translation service did not answer in time.
translate-unreachable = the translation service cannot be reached.
translate-refused = the translation service refused: { $reason }
translate-bad-answer = the translation service gave an answer that is not a translation.

## Mails

mail-reset-subject = [Microblog] Reset Your Password
mail-reset-body =
    Dear { $username },

    To reset your password, open this link within 10 minutes:

    { $link }

    If you have not asked for a password reset, simply ignore this message.

    Sincerely,

    The Microblog Team
mail-export-subject = [Microblog] Your blog posts
mail-export-body =
    Dear { $username },

    Here are your posts, as you asked: { $count } in all, in the attached file posts.json.

    Sincerely,

    The Microblog Team

## Times: relative as moment.js words them, and the long date of "Last seen on"

time-future = in a few seconds
time-seconds = a few seconds ago
time-minute = a minute ago
time-minutes = { $n } minutes ago
time-hour = an hour ago
time-hours = { $n } hours ago
time-day = a day ago
time-days = { $n } days ago
time-month = a month ago
time-months = { $n } months ago
time-year = a year ago
time-years = { $n } years ago
# "May 1, 2024 2:03 PM UTC". $hour12 and $minute come as text ("2", "03").
date-long = { $month } { $day }, { $year } { $hour12 }:{ $minute } { $period } UTC
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
