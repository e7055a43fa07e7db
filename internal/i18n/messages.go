package i18n

// Key names a message of the catalog.
type Key string

// The bot's messages. Texts are Telegram HTML unless noted: a translation
// keeps the English one's tags, fmt verbs and /commands (the test checks),
// and the words the bot parses (schedule syntax, "all") stay English.
const (
	// Replies to commands.
	AdminsOnly        Key = "admins_only"
	AdminCommand      Key = "admin_command"
	AskHowTo          Key = "ask_how_to"
	UnknownCommand    Key = "unknown_command"
	Help              Key = "help"
	NotSubscribed     Key = "not_subscribed"
	Failure           Key = "failure"
	Welcome           Key = "welcome"
	AllTopics         Key = "all_topics" // Welcome's second argument when no topic is picked
	NoTopics          Key = "no_topics"
	TopicsList        Key = "topics_list"
	SubscribeHowTo    Key = "subscribe_how_to"
	FollowingTopic    Key = "following_topic"
	KeywordsTooLong   Key = "keywords_too_long"
	FollowingKeywords Key = "following_keywords"
	FollowAll         Key = "follow_all"
	YouFollow         Key = "you_follow"
	UnfollowedAll     Key = "unfollowed_all"
	NotFollowing      Key = "not_following"
	Unfollowed        Key = "unfollowed"
	Quoted            Key = "quoted" // a phrase in the language's quotation marks
	ScheduleNone      Key = "schedule_none"
	ScheduleNow       Key = "schedule_now"
	ScheduleSet       Key = "schedule_set"
	ScheduleInvalid   Key = "schedule_invalid"
	ZonePick          Key = "zone_pick"
	ZoneInvalid       Key = "zone_invalid"
	ZoneSet           Key = "zone_set"
	Stopped           Key = "stopped"
	DeleteButton      Key = "delete_button"
	AskNothing        Key = "ask_nothing"
	AskTitle          Key = "ask_title" // plain text: a digest title
	StoryHowTo        Key = "story_how_to"
	MoreButton        Key = "more_button"
	NoStory           Key = "no_story"
	NothingNewTopics  Key = "nothing_new_topics"
	NothingSinceLast  Key = "nothing_since_last"
	LanguageNow       Key = "language_now"
	LanguageSet       Key = "language_set"
	LanguageUnknown   Key = "language_unknown"

	// Answers to button presses: plain text.
	TooOld          Key = "too_old"
	TopicGone       Key = "topic_gone"
	TopicFollowed   Key = "topic_followed"
	TopicUnfollowed Key = "topic_unfollowed"
	UnknownSchedule Key = "unknown_schedule"
	Deleted         Key = "deleted"
	DataDeleted     Key = "data_deleted"
	UnknownButton   Key = "unknown_button"

	// Replies to the operators' commands: plain text.
	ReloadRejected Key = "reload_rejected"
	Reloaded       Key = "reloaded"

	// Command descriptions for setMyCommands: plain text.
	CmdStart       Key = "cmd_start"
	CmdHelp        Key = "cmd_help"
	CmdTopics      Key = "cmd_topics"
	CmdSubscribe   Key = "cmd_subscribe"
	CmdUnsubscribe Key = "cmd_unsubscribe"
	CmdDigest      Key = "cmd_digest"
	CmdSchedule    Key = "cmd_schedule"
	CmdTimezone    Key = "cmd_timezone"
	CmdLanguage    Key = "cmd_language"
	CmdAsk         Key = "cmd_ask"
	CmdStory       Key = "cmd_story"
	CmdStop        Key = "cmd_stop"

	// Schedule descriptions and preset buttons: plain text.
	ScheduleAt       Key = "schedule_at" // times, days, zone
	ScheduleCron     Key = "schedule_cron"
	TimesAnd         Key = "times_and" // joins times of day
	EveryDay         Key = "every_day"
	OnWeekdays       Key = "on_weekdays"
	OnWeekends       Key = "on_weekends"
	OnMondays        Key = "on_mondays"
	OnDays           Key = "on_days"
	PresetDaily      Key = "preset_daily"
	PresetTwiceDaily Key = "preset_twice_daily"
	PresetWeekdays   Key = "preset_weekdays"
	PresetWeekly     Key = "preset_weekly"

	// Digest and story card labels: plain text, escaped by the renderer.
	DigestTitle  Key = "digest_title"
	NothingNew   Key = "nothing_new"
	Earlier      Key = "earlier"
	AlsoBy       Key = "also_by"
	Unattributed Key = "unattributed"

	// Plural messages (see N).
	Outlets         Key = "outlets"
	TooManyKeywords Key = "too_many_keywords"
)

// messages is the catalog: every message in every language of Languages.
var messages = map[Key]map[string]string{
	AdminsOnly: {
		"en": "Only this group's admins can change its digest settings.",
		"uk": "Змінювати налаштування дайджестів цієї групи можуть лише її адміністратори.",
		"ru": "Менять настройки дайджестов этой группы могут только её администраторы.",
		"de": "Nur die Admins dieser Gruppe können ihre Digest-Einstellungen ändern.",
		"fr": "Seuls les administrateurs de ce groupe peuvent modifier les réglages de sa revue de presse.",
		"es": "Solo los administradores de este grupo pueden cambiar la configuración de sus resúmenes.",
		"tr": "Bu grubun özet ayarlarını yalnızca yöneticileri değiştirebilir.",
	},
	AdminCommand: {
		"en": "Sorry, /%s is for the bot's admins.",
		"uk": "Вибачте, команда /%s доступна лише адміністраторам бота.",
		"ru": "Извините, команда /%s доступна только администраторам бота.",
		"de": "Tut mir leid, /%s ist den Admins des Bots vorbehalten.",
		"fr": "Désolé, /%s est réservé aux administrateurs du bot.",
		"es": "Lo siento, /%s es solo para los administradores del bot.",
		"tr": "Üzgünüm, /%s yalnızca botun yöneticileri içindir.",
	},
	AskHowTo: {
		"en": "Ask me about a topic, e.g. <code>/ask peace talks NATO</code>.",
		"uk": "Запитайте мене про будь-яку тему, наприклад <code>/ask мирні переговори НАТО</code>.",
		"ru": "Спросите меня о любой теме, например <code>/ask мирные переговоры НАТО</code>.",
		"de": "Fragen Sie mich zu einem Thema, z. B. <code>/ask Friedensgespräche NATO</code>.",
		"fr": "Interrogez-moi sur un sujet, par ex. <code>/ask pourparlers de paix OTAN</code>.",
		"es": "Pregúntame sobre un tema, p. ej. <code>/ask conversaciones de paz OTAN</code>.",
		"tr": "Bana bir konu hakkında soru sorun, ör. <code>/ask barış görüşmeleri NATO</code>.",
	},
	UnknownCommand: {
		"en": "I don't know /%s. Try /help.",
		"uk": "Я не знаю команди /%s. Спробуйте /help.",
		"ru": "Я не знаю команды /%s. Попробуйте /help.",
		"de": "Den Befehl /%s kenne ich nicht. Versuchen Sie /help.",
		"fr": "Je ne connais pas /%s. Essayez /help.",
		"es": "No conozco /%s. Prueba con /help.",
		"tr": "/%s komutunu bilmiyorum. /help komutunu deneyin.",
	},
	Help: {
		"en": `<b>newsdigest</b> groups the news of many outlets into short stories: what happened, who said what, who reported it.

/start — subscribe this chat to digests
/topics — topics you can follow (tap to follow or unfollow)
/subscribe <i>topic or keywords</i> — follow a topic, or any words
/unsubscribe <i>topic or keywords</i> — stop following them
/digest — your digest now
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — when digests come
/timezone <i>Europe/Kyiv</i> — your time zone
/language <i>en | uk | ru | de | fr | es | tr</i> — the language I speak
/ask <i>question</i> — e.g. <code>/ask what's new on the peace talks?</code> (or just write to me)
/story <i>id</i> — a story in full
/stop — stop all digests`,
		"uk": `<b>newsdigest</b> збирає новини багатьох видань у короткі сюжети: що сталося, хто що сказав, хто про це повідомив.

/start — підписати цей чат на дайджести
/topics — теми, за якими можна стежити (натисніть, щоб стежити чи перестати)
/subscribe <i>тема або ключові слова</i> — стежити за темою чи будь-якими словами
/unsubscribe <i>тема або ключові слова</i> — перестати за ними стежити
/digest — ваш дайджест просто зараз
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — коли надходять дайджести
/timezone <i>Europe/Kyiv</i> — ваш часовий пояс
/language <i>en | uk | ru | de | fr | es | tr</i> — мова, якою я відповідаю
/ask <i>питання</i> — наприклад, <code>/ask що нового на мирних переговорах?</code> (або просто напишіть мені)
/story <i>id</i> — сюжет повністю
/stop — зупинити всі дайджести`,
		"ru": `<b>newsdigest</b> собирает новости многих изданий в короткие сюжеты: что произошло, кто что сказал, кто об этом сообщил.

/start — подписать этот чат на дайджесты
/topics — темы, за которыми можно следить (нажмите, чтобы следить или перестать)
/subscribe <i>тема или ключевые слова</i> — следить за темой или любыми словами
/unsubscribe <i>тема или ключевые слова</i> — перестать за ними следить
/digest — ваш дайджест прямо сейчас
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — когда приходят дайджесты
/timezone <i>Europe/Kyiv</i> — ваш часовой пояс
/language <i>en | uk | ru | de | fr | es | tr</i> — язык, на котором я отвечаю
/ask <i>вопрос</i> — например, <code>/ask что нового на мирных переговорах?</code> (или просто напишите мне)
/story <i>id</i> — сюжет целиком
/stop — остановить все дайджесты`,
		"de": `<b>newsdigest</b> fasst die Nachrichten vieler Medien zu kurzen Meldungen zusammen: was passiert ist, wer was gesagt hat, wer darüber berichtet hat.

/start — diesen Chat für Digests anmelden
/topics — Themen, denen Sie folgen können (antippen zum Folgen oder Entfolgen)
/subscribe <i>Thema oder Stichwörter</i> — einem Thema oder beliebigen Wörtern folgen
/unsubscribe <i>Thema oder Stichwörter</i> — ihnen nicht mehr folgen
/digest — Ihr Digest sofort
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — wann Digests kommen
/timezone <i>Europe/Berlin</i> — Ihre Zeitzone
/language <i>en | uk | ru | de | fr | es | tr</i> — die Sprache, in der ich antworte
/ask <i>Frage</i> — z. B. <code>/ask Was gibt es Neues bei den Friedensgesprächen?</code> (oder schreiben Sie mir einfach)
/story <i>ID</i> — eine Meldung vollständig
/stop — alle Digests beenden`,
		"fr": `<b>newsdigest</b> regroupe l'actualité de nombreux médias en sujets courts : ce qui s'est passé, qui a dit quoi, qui l'a rapporté.

/start — abonner ce chat aux revues de presse
/topics — les thèmes que vous pouvez suivre (touchez pour suivre ou ne plus suivre)
/subscribe <i>thème ou mots-clés</i> — suivre un thème, ou n'importe quels mots
/unsubscribe <i>thème ou mots-clés</i> — ne plus les suivre
/digest — votre revue de presse tout de suite
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — quand arrivent les revues de presse
/timezone <i>Europe/Paris</i> — votre fuseau horaire
/language <i>en | uk | ru | de | fr | es | tr</i> — la langue dans laquelle je réponds
/ask <i>question</i> — par ex. <code>/ask quoi de neuf sur les pourparlers de paix ?</code> (ou écrivez-moi, tout simplement)
/story <i>id</i> — un sujet en entier
/stop — arrêter toutes les revues de presse`,
		"es": `<b>newsdigest</b> agrupa las noticias de muchos medios en historias breves: qué pasó, quién dijo qué, quién lo contó.

/start — suscribir este chat a los resúmenes
/topics — temas que puedes seguir (toca para seguir o dejar de seguir)
/subscribe <i>tema o palabras clave</i> — seguir un tema o cualquier palabra
/unsubscribe <i>tema o palabras clave</i> — dejar de seguirlos
/digest — tu resumen ahora mismo
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — cuándo llegan los resúmenes
/timezone <i>Europe/Madrid</i> — tu zona horaria
/language <i>en | uk | ru | de | fr | es | tr</i> — el idioma en que te respondo
/ask <i>pregunta</i> — p. ej. <code>/ask ¿qué hay de nuevo en las conversaciones de paz?</code> (o simplemente escríbeme)
/story <i>id</i> — una historia completa
/stop — detener todos los resúmenes`,
		"tr": `<b>newsdigest</b>, birçok yayın organının haberlerini kısa başlıklar altında toplar: ne oldu, kim ne dedi, kim haberini yaptı.

/start — bu sohbeti özetlere abone et
/topics — takip edebileceğiniz konular (takip etmek ya da bırakmak için dokunun)
/subscribe <i>konu veya anahtar kelimeler</i> — bir konuyu ya da herhangi bir kelimeyi takip et
/unsubscribe <i>konu veya anahtar kelimeler</i> — takibi bırak
/digest — özetiniz hemen şimdi
/schedule <i>daily 08:00 | weekdays 7:30 | 08:00,18:00 | cron</i> — özetlerin ne zaman geleceği
/timezone <i>Europe/Istanbul</i> — saat diliminiz
/language <i>en | uk | ru | de | fr | es | tr</i> — yanıt verdiğim dil
/ask <i>soru</i> — ör. <code>/ask barış görüşmelerinde son durum ne?</code> (ya da bana doğrudan yazın)
/story <i>id</i> — bir haberin tamamı
/stop — tüm özetleri durdur`,
	},
	NotSubscribed: {
		"en": "This chat is not subscribed yet: send /start first.",
		"uk": "Цей чат ще не підписаний: спершу надішліть /start.",
		"ru": "Этот чат ещё не подписан: сначала отправьте /start.",
		"de": "Dieser Chat ist noch nicht angemeldet: Senden Sie zuerst /start.",
		"fr": "Ce chat n'est pas encore abonné : envoyez d'abord /start.",
		"es": "Este chat aún no está suscrito: envía primero /start.",
		"tr": "Bu sohbet henüz abone değil: önce /start gönderin.",
	},
	Failure: {
		"en": "Sorry, something went wrong on my side. Please try again in a minute.",
		"uk": "Вибачте, у мене щось пішло не так. Спробуйте ще раз за хвилину.",
		"ru": "Извините, у меня что-то пошло не так. Попробуйте ещё раз через минуту.",
		"de": "Entschuldigung, bei mir ist etwas schiefgelaufen. Bitte versuchen Sie es in einer Minute noch einmal.",
		"fr": "Désolé, un problème est survenu de mon côté. Réessayez dans une minute.",
		"es": "Lo siento, algo ha fallado por mi parte. Vuelve a intentarlo en un minuto.",
		"tr": "Üzgünüm, benim tarafımda bir şeyler ters gitti. Lütfen bir dakika sonra tekrar deneyin.",
	},
	Welcome: {
		"en": `Welcome to <b>newsdigest</b>. I read many news outlets, group their reports into stories and send you a short digest: what happened, the key quotes with who said them, and who reported it.

This chat is subscribed: digests at %s, following %s.
Pick topics with /topics, change the time with /schedule and /timezone, or just ask me, e.g. <i>what's new on the peace talks?</i> — /help lists everything.`,
		"uk": `Вітаю в <b>newsdigest</b>. Я читаю багато новинних видань, групую їхні матеріали в сюжети й надсилаю вам короткий дайджест: що сталося, ключові цитати й хто їх сказав, хто про це повідомив.

Цей чат підписано: дайджести — %s, теми — %s.
Оберіть теми через /topics, змініть час через /schedule і /timezone або просто запитайте мене, наприклад <i>що нового на мирних переговорах?</i> — /help покаже все.`,
		"ru": `Добро пожаловать в <b>newsdigest</b>. Я читаю много новостных изданий, группирую их материалы в сюжеты и присылаю вам короткий дайджест: что произошло, ключевые цитаты и кто их сказал, кто об этом сообщил.

Этот чат подписан: дайджесты — %s, темы — %s.
Выберите темы через /topics, измените время через /schedule и /timezone или просто спросите меня, например <i>что нового на мирных переговорах?</i> — /help покажет всё.`,
		"de": `Willkommen bei <b>newsdigest</b>. Ich lese viele Nachrichtenmedien, fasse ihre Berichte zu Meldungen zusammen und schicke Ihnen einen kurzen Digest: was passiert ist, die wichtigsten Zitate und wer sie gesagt hat, und wer darüber berichtet hat.

Dieser Chat ist angemeldet: Digests %s, Themen: %s.
Wählen Sie Themen mit /topics, ändern Sie die Zeit mit /schedule und /timezone oder fragen Sie mich einfach, z. B. <i>Was gibt es Neues bei den Friedensgesprächen?</i> — /help zeigt alles.`,
		"fr": `Bienvenue sur <b>newsdigest</b>. Je lis de nombreux médias, je regroupe leurs articles en sujets et je vous envoie une courte revue de presse : ce qui s'est passé, les citations clés et leurs auteurs, et qui l'a rapporté.

Ce chat est abonné : revues de presse %s, thèmes : %s.
Choisissez des thèmes avec /topics, changez l'heure avec /schedule et /timezone, ou posez-moi simplement une question, par ex. <i>quoi de neuf sur les pourparlers de paix ?</i> — /help liste tout.`,
		"es": `Te damos la bienvenida a <b>newsdigest</b>. Leo muchos medios, agrupo sus informaciones en historias y te envío un breve resumen: qué pasó, las citas clave y quién las dijo, y quién lo contó.

Este chat está suscrito: resúmenes %s, temas: %s.
Elige temas con /topics, cambia la hora con /schedule y /timezone o simplemente pregúntame, p. ej. <i>¿qué hay de nuevo en las conversaciones de paz?</i> — /help lo muestra todo.`,
		"tr": `<b>newsdigest</b>'e hoş geldiniz. Birçok haber kaynağını okuyor, haberlerini başlıklar altında topluyor ve size kısa bir özet gönderiyorum: ne oldu, kim ne dedi ve kim haberini yaptı.

Bu sohbet abone oldu: özetler %s, konular: %s.
Konuları /topics ile seçin, saati /schedule ve /timezone ile değiştirin ya da bana doğrudan sorun, ör. <i>barış görüşmelerinde son durum ne?</i> — /help tüm komutları listeler.`,
	},
	AllTopics: {
		"en": "all topics",
		"uk": "усі",
		"ru": "все",
		"de": "alle",
		"fr": "tous",
		"es": "todos",
		"tr": "tümü",
	},
	NoTopics: {
		"en": "No topics are configured; follow any words with /subscribe <i>keywords</i>.",
		"uk": "Теми не налаштовано; стежте за будь-якими словами через /subscribe <i>ключові слова</i>.",
		"ru": "Темы не настроены; следите за любыми словами через /subscribe <i>ключевые слова</i>.",
		"de": "Es sind keine Themen eingerichtet; folgen Sie beliebigen Wörtern mit /subscribe <i>Stichwörter</i>.",
		"fr": "Aucun thème n'est configuré ; suivez n'importe quels mots avec /subscribe <i>mots-clés</i>.",
		"es": "No hay temas configurados; sigue cualquier palabra con /subscribe <i>palabras clave</i>.",
		"tr": "Hiç konu tanımlanmamış; istediğiniz kelimeleri /subscribe <i>anahtar kelimeler</i> ile takip edin.",
	},
	TopicsList: {
		"en": "Topics — tap to follow or unfollow:",
		"uk": "Теми — натисніть, щоб стежити чи перестати:",
		"ru": "Темы — нажмите, чтобы следить или перестать:",
		"de": "Themen — antippen zum Folgen oder Entfolgen:",
		"fr": "Thèmes — touchez pour suivre ou ne plus suivre :",
		"es": "Temas — toca para seguir o dejar de seguir:",
		"tr": "Konular — takip etmek ya da bırakmak için dokunun:",
	},
	SubscribeHowTo: {
		"en": "Follow what? Send <code>/subscribe ukraine-peace</code> for a topic (see /topics) or <code>/subscribe any words</code>.",
		"uk": "За чим стежити? Надішліть <code>/subscribe ukraine-peace</code> для теми (див. /topics) або <code>/subscribe будь-які слова</code>.",
		"ru": "За чем следить? Отправьте <code>/subscribe ukraine-peace</code> для темы (см. /topics) или <code>/subscribe любые слова</code>.",
		"de": "Wem folgen? Senden Sie <code>/subscribe ukraine-peace</code> für ein Thema (siehe /topics) oder <code>/subscribe beliebige Wörter</code>.",
		"fr": "Suivre quoi ? Envoyez <code>/subscribe ukraine-peace</code> pour un thème (voir /topics) ou <code>/subscribe n'importe quels mots</code>.",
		"es": "¿Seguir qué? Envía <code>/subscribe ukraine-peace</code> para un tema (mira /topics) o <code>/subscribe cualquier palabra</code>.",
		"tr": "Neyi takip edelim? Bir konu için <code>/subscribe ukraine-peace</code> (bkz. /topics) ya da <code>/subscribe herhangi kelimeler</code> gönderin.",
	},
	FollowingTopic: {
		"en": "Following <b>%s</b>.",
		"uk": "Ви стежите за темою <b>%s</b>.",
		"ru": "Вы следите за темой <b>%s</b>.",
		"de": "Sie folgen jetzt <b>%s</b>.",
		"fr": "Vous suivez <b>%s</b>.",
		"es": "Sigues <b>%s</b>.",
		"tr": "<b>%s</b> takip ediliyor.",
	},
	KeywordsTooLong: {
		"en": "That is too long for keywords; use a few words.",
		"uk": "Це задовго для ключових слів; напишіть кілька слів.",
		"ru": "Это слишком длинно для ключевых слов; напишите несколько слов.",
		"de": "Das ist zu lang für Stichwörter; verwenden Sie ein paar Wörter.",
		"fr": "C'est trop long pour des mots-clés ; utilisez quelques mots.",
		"es": "Es demasiado largo para palabras clave; usa unas pocas palabras.",
		"tr": "Bu, anahtar kelime için çok uzun; birkaç kelime kullanın.",
	},
	FollowingKeywords: {
		"en": "Following stories about “%s”.",
		"uk": "Ви стежите за сюжетами за запитом «%s».",
		"ru": "Вы следите за сюжетами по запросу «%s».",
		"de": "Sie folgen jetzt Meldungen zu „%s“.",
		"fr": "Vous suivez les sujets sur « %s ».",
		"es": "Sigues las historias sobre «%s».",
		"tr": "“%s” hakkındaki haberler takip ediliyor.",
	},
	FollowAll: {
		"en": "You follow all topics. /topics lets you narrow that down.",
		"uk": "Ви стежите за всіма темами. Звузити вибір можна через /topics.",
		"ru": "Вы следите за всеми темами. Сузить выбор можно через /topics.",
		"de": "Sie folgen allen Themen. Mit /topics können Sie das eingrenzen.",
		"fr": "Vous suivez tous les thèmes. /topics vous permet d'affiner.",
		"es": "Sigues todos los temas. Con /topics puedes acotarlos.",
		"tr": "Tüm konuları takip ediyorsunuz. /topics ile daraltabilirsiniz.",
	},
	YouFollow: {
		"en": "You follow: %s.\nSend <code>/unsubscribe name</code>, or <code>/unsubscribe all</code>.",
		"uk": "Ви стежите за: %s.\nНадішліть <code>/unsubscribe назва</code> або <code>/unsubscribe all</code>.",
		"ru": "Вы следите за: %s.\nОтправьте <code>/unsubscribe название</code> или <code>/unsubscribe all</code>.",
		"de": "Sie folgen: %s.\nSenden Sie <code>/unsubscribe Name</code> oder <code>/unsubscribe all</code>.",
		"fr": "Vous suivez : %s.\nEnvoyez <code>/unsubscribe nom</code> ou <code>/unsubscribe all</code>.",
		"es": "Sigues: %s.\nEnvía <code>/unsubscribe nombre</code> o <code>/unsubscribe all</code>.",
		"tr": "Takip ettikleriniz: %s.\n<code>/unsubscribe ad</code> ya da <code>/unsubscribe all</code> gönderin.",
	},
	UnfollowedAll: {
		"en": "You no longer follow particular topics: digests cover all news.",
		"uk": "Ви більше не стежите за окремими темами: дайджести охоплюють усі новини.",
		"ru": "Вы больше не следите за отдельными темами: дайджесты охватывают все новости.",
		"de": "Sie folgen keinen bestimmten Themen mehr: Digests umfassen alle Nachrichten.",
		"fr": "Vous ne suivez plus de thèmes particuliers : les revues de presse couvrent toute l'actualité.",
		"es": "Ya no sigues temas concretos: los resúmenes cubren todas las noticias.",
		"tr": "Artık belirli konuları takip etmiyorsunuz: özetler tüm haberleri kapsıyor.",
	},
	NotFollowing: {
		"en": "You don't follow “%s”. /unsubscribe lists what you do.",
		"uk": "Ви не стежите за «%s». /unsubscribe покаже, за чим ви стежите.",
		"ru": "Вы не следите за «%s». /unsubscribe покажет, за чем вы следите.",
		"de": "Sie folgen „%s“ nicht. /unsubscribe zeigt, wem Sie folgen.",
		"fr": "Vous ne suivez pas « %s ». /unsubscribe liste ce que vous suivez.",
		"es": "No sigues «%s». /unsubscribe muestra lo que sigues.",
		"tr": "“%s” takip etmiyorsunuz. /unsubscribe takip ettiklerinizi listeler.",
	},
	Unfollowed: {
		"en": "Stopped following “%s”.",
		"uk": "Ви більше не стежите за «%s».",
		"ru": "Вы больше не следите за «%s».",
		"de": "Sie folgen „%s“ nicht mehr.",
		"fr": "Vous ne suivez plus « %s ».",
		"es": "Has dejado de seguir «%s».",
		"tr": "“%s” artık takip edilmiyor.",
	},
	Quoted: {
		"en": "“%s”",
		"uk": "«%s»",
		"ru": "«%s»",
		"de": "„%s“",
		"fr": "« %s »",
		"es": "«%s»",
		"tr": "“%s”",
	},
	ScheduleNone: {
		"en": "not subscribed yet (/start)",
		"uk": "підписки ще немає (/start)",
		"ru": "подписки пока нет (/start)",
		"de": "noch nicht angemeldet (/start)",
		"fr": "pas encore d'abonnement (/start)",
		"es": "aún sin suscripción (/start)",
		"tr": "henüz abonelik yok (/start)",
	},
	ScheduleNow: {
		"en": "Digests come %s.\nPick one, or send e.g. <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> or a cron expression.",
		"uk": "Дайджести надходять: %s.\nОберіть варіант або надішліть, наприклад, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> чи cron-вираз.",
		"ru": "Дайджесты приходят: %s.\nВыберите вариант или отправьте, например, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> или cron-выражение.",
		"de": "Digests kommen: %s.\nWählen Sie eine Option oder senden Sie z. B. <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> oder einen Cron-Ausdruck.",
		"fr": "Revues de presse : %s.\nChoisissez une option ou envoyez par ex. <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> ou une expression cron.",
		"es": "Los resúmenes llegan: %s.\nElige una opción o envía p. ej. <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> o una expresión cron.",
		"tr": "Özetler: %s.\nBirini seçin ya da ör. <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> veya bir cron ifadesi gönderin.",
	},
	ScheduleSet: {
		"en": "Digests will come %s.",
		"uk": "Дайджести надходитимуть: %s.",
		"ru": "Дайджесты будут приходить: %s.",
		"de": "Digests kommen künftig: %s.",
		"fr": "Les revues de presse arriveront : %s.",
		"es": "Los resúmenes llegarán: %s.",
		"tr": "Özetlerin geleceği zaman: %s.",
	},
	ScheduleInvalid: {
		"en": "“%s” is not a schedule. Send e.g. <code>/schedule daily 08:00</code>, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> or a cron expression such as <code>/schedule 0 8 * * 1-5</code>.",
		"uk": "«%s» — це не розклад. Надішліть, наприклад, <code>/schedule daily 08:00</code>, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> чи cron-вираз на кшталт <code>/schedule 0 8 * * 1-5</code>.",
		"ru": "«%s» — это не расписание. Отправьте, например, <code>/schedule daily 08:00</code>, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> или cron-выражение вроде <code>/schedule 0 8 * * 1-5</code>.",
		"de": "„%s“ ist kein Zeitplan. Senden Sie z. B. <code>/schedule daily 08:00</code>, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> oder einen Cron-Ausdruck wie <code>/schedule 0 8 * * 1-5</code>.",
		"fr": "« %s » n’est pas un horaire. Envoyez par ex. <code>/schedule daily 08:00</code>, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> ou une expression cron comme <code>/schedule 0 8 * * 1-5</code>.",
		"es": "«%s» no es un horario. Envía p. ej. <code>/schedule daily 08:00</code>, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> o una expresión cron como <code>/schedule 0 8 * * 1-5</code>.",
		"tr": "“%s” bir zamanlama değil. Ör. <code>/schedule daily 08:00</code>, <code>/schedule weekdays 7:30</code>, <code>/schedule 08:00,18:00</code> ya da <code>/schedule 0 8 * * 1-5</code> gibi bir cron ifadesi gönderin.",
	},
	ZoneInvalid: {
		"en": "“%s” is not a time zone I know. Send its name, e.g. <code>/timezone Europe/Kyiv</code> or <code>/timezone UTC</code>.",
		"uk": "Часового поясу «%s» я не знаю. Надішліть його назву, наприклад, <code>/timezone Europe/Kyiv</code> чи <code>/timezone UTC</code>.",
		"ru": "Часового пояса «%s» я не знаю. Отправьте его название, например, <code>/timezone Europe/Kyiv</code> или <code>/timezone UTC</code>.",
		"de": "Die Zeitzone „%s“ kenne ich nicht. Senden Sie ihren Namen, z. B. <code>/timezone Europe/Berlin</code> oder <code>/timezone UTC</code>.",
		"fr": "Je ne connais pas le fuseau horaire « %s ». Envoyez son nom, par ex. <code>/timezone Europe/Paris</code> ou <code>/timezone UTC</code>.",
		"es": "No conozco la zona horaria «%s». Envía su nombre, p. ej. <code>/timezone Europe/Madrid</code> o <code>/timezone UTC</code>.",
		"tr": "“%s” saat dilimini tanımıyorum. Adını gönderin, ör. <code>/timezone Europe/Istanbul</code> ya da <code>/timezone UTC</code>.",
	},
	ZonePick: {
		"en": "Pick your time zone, or send e.g. <code>/timezone Europe/Kyiv</code>.",
		"uk": "Оберіть часовий пояс або надішліть, наприклад, <code>/timezone Europe/Kyiv</code>.",
		"ru": "Выберите часовой пояс или отправьте, например, <code>/timezone Europe/Kyiv</code>.",
		"de": "Wählen Sie Ihre Zeitzone oder senden Sie z. B. <code>/timezone Europe/Berlin</code>.",
		"fr": "Choisissez votre fuseau horaire ou envoyez par ex. <code>/timezone Europe/Paris</code>.",
		"es": "Elige tu zona horaria o envía p. ej. <code>/timezone Europe/Madrid</code>.",
		"tr": "Saat diliminizi seçin ya da ör. <code>/timezone Europe/Istanbul</code> gönderin.",
	},
	ZoneSet: {
		"en": "Time zone set: digests will come %s.",
		"uk": "Часовий пояс змінено. Дайджести надходитимуть: %s.",
		"ru": "Часовой пояс изменён. Дайджесты будут приходить: %s.",
		"de": "Zeitzone gespeichert. Digests kommen künftig: %s.",
		"fr": "Fuseau horaire enregistré. Les revues de presse arriveront : %s.",
		"es": "Zona horaria guardada. Los resúmenes llegarán: %s.",
		"tr": "Saat dilimi ayarlandı. Özetlerin geleceği zaman: %s.",
	},
	Stopped: {
		"en": "Digests stopped. /start brings them back. Your settings are kept unless you delete them:",
		"uk": "Дайджести зупинено. /start поверне їх. Ваші налаштування збережуться, якщо ви їх не видалите:",
		"ru": "Дайджесты остановлены. /start вернёт их. Ваши настройки сохранятся, если вы их не удалите:",
		"de": "Digests gestoppt. /start bringt sie zurück. Ihre Einstellungen bleiben erhalten, sofern Sie sie nicht löschen:",
		"fr": "Revues de presse arrêtées. /start les relance. Vos réglages sont conservés, sauf si vous les supprimez :",
		"es": "Resúmenes detenidos. /start los reactiva. Tu configuración se conserva a menos que la borres:",
		"tr": "Özetler durduruldu. /start ile geri gelirler. Silmediğiniz sürece ayarlarınız saklanır:",
	},
	DeleteButton: {
		"en": "Delete my data",
		"uk": "Видалити мої дані",
		"ru": "Удалить мои данные",
		"de": "Meine Daten löschen",
		"fr": "Supprimer mes données",
		"es": "Borrar mis datos",
		"tr": "Verilerimi sil",
	},
	AskNothing: {
		"en": "I have nothing on “%s” yet. Try other words, or /topics.",
		"uk": "За запитом «%s» у мене поки нічого немає. Спробуйте інші слова або /topics.",
		"ru": "По запросу «%s» у меня пока ничего нет. Попробуйте другие слова или /topics.",
		"de": "Zu „%s“ habe ich noch nichts. Versuchen Sie andere Wörter oder /topics.",
		"fr": "Je n'ai encore rien sur « %s ». Essayez d'autres mots, ou /topics.",
		"es": "Aún no tengo nada sobre «%s». Prueba con otras palabras o con /topics.",
		"tr": "“%s” hakkında henüz bir haber yok. Başka kelimeler deneyin ya da /topics.",
	},
	AskTitle: {
		"en": "On “%s”",
		"uk": "За запитом «%s»",
		"ru": "По запросу «%s»",
		"de": "Zu „%s“",
		"fr": "Sur « %s »",
		"es": "Sobre «%s»",
		"tr": "“%s” hakkında",
	},
	StoryHowTo: {
		"en": "Which story? Send <code>/story ID</code>, or tap “More” under a story.",
		"uk": "Який сюжет? Надішліть <code>/story ID</code> або натисніть «Докладніше» під сюжетом.",
		"ru": "Какой сюжет? Отправьте <code>/story ID</code> или нажмите «Подробнее» под сюжетом.",
		"de": "Welche Meldung? Senden Sie <code>/story ID</code> oder tippen Sie unter einer Meldung auf „Mehr“.",
		"fr": "Quel sujet ? Envoyez <code>/story ID</code>, ou touchez « Plus » sous un sujet.",
		"es": "¿Qué historia? Envía <code>/story ID</code> o toca «Más» debajo de una historia.",
		"tr": "Hangi haber? <code>/story ID</code> gönderin ya da bir haberin altındaki “Devamı” düğmesine dokunun.",
	},
	MoreButton: {
		"en": "More: story %d",
		"uk": "Докладніше: сюжет %d",
		"ru": "Подробнее: сюжет %d",
		"de": "Mehr: Meldung %d",
		"fr": "Plus : sujet %d",
		"es": "Más: historia %d",
		"tr": "Devamı: haber %d",
	},
	NoStory: {
		"en": "I have no story %s (stories are kept for a while, then pruned).",
		"uk": "Сюжету %s у мене немає (сюжети зберігаються якийсь час, а потім видаляються).",
		"ru": "Сюжета %s у меня нет (сюжеты хранятся какое-то время, а потом удаляются).",
		"de": "Eine Meldung %s habe ich nicht (Meldungen werden eine Weile aufbewahrt und dann gelöscht).",
		"fr": "Je n'ai pas de sujet %s (les sujets sont conservés un certain temps, puis supprimés).",
		"es": "No tengo ninguna historia %s (las historias se guardan un tiempo y luego se eliminan).",
		"tr": "%s numaralı bir haber yok (haberler bir süre saklanır, sonra silinir).",
	},
	NothingNewTopics: {
		"en": "Nothing new for your topics right now.",
		"uk": "Наразі нічого нового за вашими темами.",
		"ru": "Сейчас по вашим темам ничего нового.",
		"de": "Zu Ihren Themen gibt es gerade nichts Neues.",
		"fr": "Rien de nouveau sur vos thèmes pour le moment.",
		"es": "Ahora mismo no hay nada nuevo sobre tus temas.",
		"tr": "Şu anda konularınızda yeni bir şey yok.",
	},
	NothingSinceLast: {
		"en": "Nothing new since your last digest.",
		"uk": "Від попереднього дайджесту нічого нового.",
		"ru": "С прошлого дайджеста ничего нового.",
		"de": "Seit Ihrem letzten Digest gibt es nichts Neues.",
		"fr": "Rien de nouveau depuis votre dernière revue de presse.",
		"es": "Nada nuevo desde tu último resumen.",
		"tr": "Son özetinizden bu yana yeni bir şey yok.",
	},
	LanguageNow: {
		"en": "Language of replies and digests: <b>%s</b>. Pick another, or send e.g. <code>/language uk</code>.",
		"uk": "Мова відповідей і дайджестів: <b>%s</b>. Оберіть іншу або надішліть, наприклад, <code>/language en</code>.",
		"ru": "Язык ответов и дайджестов: <b>%s</b>. Выберите другой или отправьте, например, <code>/language en</code>.",
		"de": "Sprache für Antworten und Digests: <b>%s</b>. Wählen Sie eine andere oder senden Sie z. B. <code>/language en</code>.",
		"fr": "Langue des réponses et des revues de presse : <b>%s</b>. Choisissez-en une autre ou envoyez par ex. <code>/language en</code>.",
		"es": "Idioma de las respuestas y los resúmenes: <b>%s</b>. Elige otro o envía p. ej. <code>/language en</code>.",
		"tr": "Yanıtların ve özetlerin dili: <b>%s</b>. Başka bir dil seçin ya da ör. <code>/language en</code> gönderin.",
	},
	LanguageSet: { // said in the language just chosen
		"en": "From now on I answer in English.",
		"uk": "Відтепер я відповідаю українською.",
		"ru": "Теперь я отвечаю по-русски.",
		"de": "Ab jetzt antworte ich auf Deutsch.",
		"fr": "Désormais, je réponds en français.",
		"es": "A partir de ahora respondo en español.",
		"tr": "Artık Türkçe yanıt veriyorum.",
	},
	LanguageUnknown: {
		"en": "I don't speak “%s” yet. Languages I speak: %s — e.g. <code>/language en</code>.",
		"uk": "Мови «%s» я поки не знаю. Доступні мови: %s — наприклад, <code>/language uk</code>.",
		"ru": "Языка «%s» я пока не знаю. Доступные языки: %s — например, <code>/language ru</code>.",
		"de": "„%s“ spreche ich noch nicht. Verfügbare Sprachen: %s — z. B. <code>/language de</code>.",
		"fr": "Je ne parle pas encore « %s ». Langues disponibles : %s — par ex. <code>/language fr</code>.",
		"es": "Todavía no hablo «%s». Idiomas disponibles: %s — p. ej. <code>/language es</code>.",
		"tr": "“%s” dilini henüz bilmiyorum. Kullanılabilir diller: %s — ör. <code>/language tr</code>.",
	},

	TooOld: {
		"en": "That message is too old; send the command again.",
		"uk": "Це повідомлення застаріло; надішліть команду ще раз.",
		"ru": "Это сообщение устарело; отправьте команду ещё раз.",
		"de": "Diese Nachricht ist zu alt; senden Sie den Befehl erneut.",
		"fr": "Ce message est trop ancien ; renvoyez la commande.",
		"es": "Ese mensaje es demasiado antiguo; envía el comando de nuevo.",
		"tr": "Bu mesaj çok eski; komutu yeniden gönderin.",
	},
	TopicGone: {
		"en": "That topic no longer exists.",
		"uk": "Цієї теми більше немає.",
		"ru": "Этой темы больше нет.",
		"de": "Dieses Thema gibt es nicht mehr.",
		"fr": "Ce thème n'existe plus.",
		"es": "Ese tema ya no existe.",
		"tr": "Bu konu artık yok.",
	},
	TopicFollowed: {
		"en": "Following %s",
		"uk": "Ви стежите: %s",
		"ru": "Вы следите: %s",
		"de": "Sie folgen: %s",
		"fr": "Vous suivez : %s",
		"es": "Sigues: %s",
		"tr": "Takip ediliyor: %s",
	},
	TopicUnfollowed: {
		"en": "Unfollowed %s",
		"uk": "Ви більше не стежите: %s",
		"ru": "Вы больше не следите: %s",
		"de": "Nicht mehr gefolgt: %s",
		"fr": "Vous ne suivez plus : %s",
		"es": "Dejaste de seguir: %s",
		"tr": "Takip bırakıldı: %s",
	},
	UnknownSchedule: {
		"en": "Unknown schedule.",
		"uk": "Невідомий розклад.",
		"ru": "Неизвестное расписание.",
		"de": "Unbekannter Zeitplan.",
		"fr": "Horaire inconnu.",
		"es": "Horario desconocido.",
		"tr": "Bilinmeyen zamanlama.",
	},
	Deleted: {
		"en": "Deleted",
		"uk": "Видалено",
		"ru": "Удалено",
		"de": "Gelöscht",
		"fr": "Supprimé",
		"es": "Borrado",
		"tr": "Silindi",
	},
	DataDeleted: {
		"en": "Your data is deleted. /start subscribes you again from scratch.",
		"uk": "Ваші дані видалено. /start знову підпише вас з нуля.",
		"ru": "Ваши данные удалены. /start снова подпишет вас с нуля.",
		"de": "Ihre Daten sind gelöscht. /start meldet Sie ganz neu an.",
		"fr": "Vos données sont supprimées. /start vous réabonne de zéro.",
		"es": "Tus datos se han borrado. /start te vuelve a suscribir desde cero.",
		"tr": "Verileriniz silindi. /start ile sıfırdan yeniden abone olabilirsiniz.",
	},
	UnknownButton: {
		"en": "Unknown button.",
		"uk": "Невідома кнопка.",
		"ru": "Неизвестная кнопка.",
		"de": "Unbekannte Schaltfläche.",
		"fr": "Bouton inconnu.",
		"es": "Botón desconocido.",
		"tr": "Bilinmeyen düğme.",
	},

	ReloadRejected: {
		"en": "Reload rejected, the running config stays in force:\n%s",
		"uk": "Перезавантаження відхилено, чинна конфігурація залишається в силі:\n%s",
		"ru": "Перезагрузка отклонена, текущая конфигурация остаётся в силе:\n%s",
		"de": "Neuladen abgelehnt, die laufende Konfiguration bleibt in Kraft:\n%s",
		"fr": "Rechargement refusé, la configuration en cours reste en vigueur :\n%s",
		"es": "Recarga rechazada; la configuración actual sigue vigente:\n%s",
		"tr": "Yeniden yükleme reddedildi, çalışan yapılandırma geçerli kalıyor:\n%s",
	},
	Reloaded: {
		"en": "Config reloaded.",
		"uk": "Конфігурацію перезавантажено.",
		"ru": "Конфигурация перезагружена.",
		"de": "Konfiguration neu geladen.",
		"fr": "Configuration rechargée.",
		"es": "Configuración recargada.",
		"tr": "Yapılandırma yeniden yüklendi.",
	},

	CmdStart: {
		"en": "Subscribe this chat to digests",
		"uk": "Підписати цей чат на дайджести",
		"ru": "Подписать этот чат на дайджесты",
		"de": "Diesen Chat für Digests anmelden",
		"fr": "Abonner ce chat aux revues de presse",
		"es": "Suscribir este chat a los resúmenes",
		"tr": "Bu sohbeti özetlere abone et",
	},
	CmdHelp: {
		"en": "What I can do",
		"uk": "Що я вмію",
		"ru": "Что я умею",
		"de": "Was ich kann",
		"fr": "Ce que je sais faire",
		"es": "Qué puedo hacer",
		"tr": "Neler yapabilirim",
	},
	CmdTopics: {
		"en": "Topics you can follow",
		"uk": "Теми, за якими можна стежити",
		"ru": "Темы, за которыми можно следить",
		"de": "Themen, denen Sie folgen können",
		"fr": "Thèmes que vous pouvez suivre",
		"es": "Temas que puedes seguir",
		"tr": "Takip edebileceğiniz konular",
	},
	CmdSubscribe: {
		"en": "Follow a topic or keywords",
		"uk": "Стежити за темою чи ключовими словами",
		"ru": "Следить за темой или ключевыми словами",
		"de": "Einem Thema oder Stichwörtern folgen",
		"fr": "Suivre un thème ou des mots-clés",
		"es": "Seguir un tema o palabras clave",
		"tr": "Bir konuyu veya anahtar kelimeleri takip et",
	},
	CmdUnsubscribe: {
		"en": "Stop following a topic or keywords",
		"uk": "Перестати стежити за темою чи словами",
		"ru": "Перестать следить за темой или словами",
		"de": "Einem Thema oder Stichwörtern nicht mehr folgen",
		"fr": "Ne plus suivre un thème ou des mots-clés",
		"es": "Dejar de seguir un tema o palabras clave",
		"tr": "Bir konunun veya kelimelerin takibini bırak",
	},
	CmdDigest: {
		"en": "Send my digest now",
		"uk": "Надіслати мій дайджест зараз",
		"ru": "Прислать мой дайджест сейчас",
		"de": "Meinen Digest jetzt senden",
		"fr": "Envoyer ma revue de presse maintenant",
		"es": "Enviar mi resumen ahora",
		"tr": "Özetimi şimdi gönder",
	},
	CmdSchedule: {
		"en": "When digests come",
		"uk": "Коли надходять дайджести",
		"ru": "Когда приходят дайджесты",
		"de": "Wann Digests kommen",
		"fr": "Quand arrivent les revues de presse",
		"es": "Cuándo llegan los resúmenes",
		"tr": "Özetlerin ne zaman geleceği",
	},
	CmdTimezone: {
		"en": "Set your time zone",
		"uk": "Вказати часовий пояс",
		"ru": "Указать часовой пояс",
		"de": "Zeitzone festlegen",
		"fr": "Définir votre fuseau horaire",
		"es": "Configurar tu zona horaria",
		"tr": "Saat diliminizi ayarlayın",
	},
	CmdLanguage: {
		"en": "Language of replies and digests",
		"uk": "Мова відповідей і дайджестів",
		"ru": "Язык ответов и дайджестов",
		"de": "Sprache für Antworten und Digests",
		"fr": "Langue des réponses et revues de presse",
		"es": "Idioma de respuestas y resúmenes",
		"tr": "Yanıtların ve özetlerin dili",
	},
	CmdAsk: {
		"en": "Ask about a topic",
		"uk": "Запитати про тему",
		"ru": "Спросить о теме",
		"de": "Zu einem Thema fragen",
		"fr": "Poser une question sur un sujet",
		"es": "Preguntar sobre un tema",
		"tr": "Bir konu hakkında sor",
	},
	CmdStory: {
		"en": "A story in full",
		"uk": "Сюжет повністю",
		"ru": "Сюжет целиком",
		"de": "Eine Meldung vollständig",
		"fr": "Un sujet en entier",
		"es": "Una historia completa",
		"tr": "Bir haberin tamamı",
	},
	CmdStop: {
		"en": "Stop all digests",
		"uk": "Зупинити всі дайджести",
		"ru": "Остановить все дайджесты",
		"de": "Alle Digests beenden",
		"fr": "Arrêter toutes les revues de presse",
		"es": "Detener todos los resúmenes",
		"tr": "Tüm özetleri durdur",
	},

	ScheduleAt: {
		"en": "%[1]s %[2]s (%[3]s)",
		"uk": "%[2]s о %[1]s (%[3]s)",
		"ru": "%[2]s в %[1]s (%[3]s)",
		"de": "%[2]s um %[1]s (%[3]s)",
		"fr": "%[2]s à %[1]s (%[3]s)",
		"es": "%[2]s a las %[1]s (%[3]s)",
		"tr": "%[2]s, saat %[1]s (%[3]s)",
	},
	ScheduleCron: {
		"en": "cron %[1]q (%[2]s)",
		"uk": "за cron-розкладом %[1]q (%[2]s)",
		"ru": "по cron-расписанию %[1]q (%[2]s)",
		"de": "nach Cron-Ausdruck %[1]q (%[2]s)",
		"fr": "selon l'expression cron %[1]q (%[2]s)",
		"es": "según la expresión cron %[1]q (%[2]s)",
		"tr": "%[1]q cron ifadesine göre (%[2]s)",
	},
	TimesAnd: {
		"en": " and ",
		"uk": " і ",
		"ru": " и ",
		"de": " und ",
		"fr": " et ",
		"es": " y ",
		"tr": " ve ",
	},
	EveryDay: {
		"en": "every day",
		"uk": "щодня",
		"ru": "каждый день",
		"de": "täglich",
		"fr": "tous les jours",
		"es": "todos los días",
		"tr": "her gün",
	},
	OnWeekdays: {
		"en": "on weekdays",
		"uk": "у будні",
		"ru": "по будням",
		"de": "werktags",
		"fr": "en semaine",
		"es": "de lunes a viernes",
		"tr": "hafta içi",
	},
	OnWeekends: {
		"en": "on weekends",
		"uk": "у вихідні",
		"ru": "по выходным",
		"de": "am Wochenende",
		"fr": "le week-end",
		"es": "los fines de semana",
		"tr": "hafta sonu",
	},
	OnMondays: {
		"en": "on Mondays",
		"uk": "щопонеділка",
		"ru": "по понедельникам",
		"de": "montags",
		"fr": "le lundi",
		"es": "los lunes",
		"tr": "pazartesileri",
	},
	OnDays: { // cron days of the week: 0 or 7 is Sunday
		"en": "on days %s",
		"uk": "у дні тижня %s",
		"ru": "в дни недели %s",
		"de": "an den Wochentagen %s",
		"fr": "les jours de semaine %s",
		"es": "los días de la semana %s",
		"tr": "haftanın %s. günlerinde",
	},
	PresetDaily: {
		"en": "daily 08:00",
		"uk": "щодня о 08:00",
		"ru": "каждый день в 08:00",
		"de": "täglich um 08:00",
		"fr": "tous les jours à 08:00",
		"es": "a diario a las 08:00",
		"tr": "her gün 08:00",
	},
	PresetTwiceDaily: {
		"en": "twice daily",
		"uk": "двічі на день",
		"ru": "дважды в день",
		"de": "zweimal täglich",
		"fr": "deux fois par jour",
		"es": "dos veces al día",
		"tr": "günde iki kez",
	},
	PresetWeekdays: {
		"en": "weekdays 07:30",
		"uk": "у будні о 07:30",
		"ru": "по будням в 07:30",
		"de": "werktags um 07:30",
		"fr": "en semaine à 07:30",
		"es": "de lunes a viernes a las 07:30",
		"tr": "hafta içi 07:30",
	},
	PresetWeekly: {
		"en": "weekly (Monday 08:00)",
		"uk": "щотижня (понеділок, 08:00)",
		"ru": "раз в неделю (понедельник, 08:00)",
		"de": "wöchentlich (Montag, 08:00)",
		"fr": "chaque semaine (lundi, 08:00)",
		"es": "semanal (lunes, 08:00)",
		"tr": "haftalık (pazartesi 08:00)",
	},

	DigestTitle: {
		"en": "News digest, %s",
		"uk": "Дайджест новин, %s",
		"ru": "Дайджест новостей, %s",
		"de": "Nachrichten-Digest vom %s",
		"fr": "Revue de presse du %s",
		"es": "Resumen de noticias del %s",
		"tr": "Haber özeti, %s",
	},
	NothingNew: {
		"en": "Nothing new.",
		"uk": "Нічого нового.",
		"ru": "Ничего нового.",
		"de": "Nichts Neues.",
		"fr": "Rien de nouveau.",
		"es": "Nada nuevo.",
		"tr": "Yeni bir şey yok.",
	},
	Earlier: {
		"en": "Earlier, %s:",
		"uk": "Раніше, %s:",
		"ru": "Ранее, %s:",
		"de": "Zuvor, am %s:",
		"fr": "Auparavant, le %s :",
		"es": "Antes, el %s:",
		"tr": "Daha önce, %s:",
	},
	AlsoBy: {
		"en": "also published by %s",
		"uk": "також опублікували: %s",
		"ru": "также опубликовали: %s",
		"de": "auch veröffentlicht von %s",
		"fr": "également publié par %s",
		"es": "también publicado por %s",
		"tr": "ayrıca yayımlayanlar: %s",
	},
	Unattributed: {
		"en": "unattributed",
		"uk": "автор невідомий",
		"ru": "автор неизвестен",
		"de": "ohne Quellenangabe",
		"fr": "sans attribution",
		"es": "sin atribuir",
		"tr": "kaynağı belirsiz",
	},
}

// plurals is the catalog of messages that take a number, each with its
// language's plural forms (see pluralForm for their order).
var plurals = map[Key]map[string][]string{
	Outlets: {
		"en": {"%d outlet", "%d outlets"},
		"uk": {"%d видання", "%d видання", "%d видань"},
		"ru": {"%d издание", "%d издания", "%d изданий"},
		"de": {"%d Medium", "%d Medien"},
		"fr": {"%d média", "%d médias"},
		"es": {"%d medio", "%d medios"},
		"tr": {"%d yayın organı"},
	},
	TooManyKeywords: {
		"en": {"You follow %d keyword phrase already; /unsubscribe some first.",
			"You follow %d keyword phrases already; /unsubscribe some first."},
		"uk": {"Ви вже стежите за %d ключовою фразою; спершу приберіть якісь через /unsubscribe.",
			"Ви вже стежите за %d ключовими фразами; спершу приберіть якісь через /unsubscribe.",
			"Ви вже стежите за %d ключовими фразами; спершу приберіть якісь через /unsubscribe."},
		"ru": {"Вы уже следите за %d ключевой фразой; сначала уберите какие-нибудь через /unsubscribe.",
			"Вы уже следите за %d ключевыми фразами; сначала уберите какие-нибудь через /unsubscribe.",
			"Вы уже следите за %d ключевыми фразами; сначала уберите какие-нибудь через /unsubscribe."},
		"de": {"Sie folgen bereits %d Suchbegriff; entfernen Sie zuerst welche mit /unsubscribe.",
			"Sie folgen bereits %d Suchbegriffen; entfernen Sie zuerst welche mit /unsubscribe."},
		"fr": {"Vous suivez déjà %d expression ; retirez-en d'abord avec /unsubscribe.",
			"Vous suivez déjà %d expressions ; retirez-en d'abord avec /unsubscribe."},
		"es": {"Ya sigues %d frase clave; quita alguna primero con /unsubscribe.",
			"Ya sigues %d frases clave; quita alguna primero con /unsubscribe."},
		"tr": {"Zaten %d anahtar ifadeyi takip ediyorsunuz; önce bazılarını /unsubscribe ile bırakın."},
	},
}
