package text

// stopWords are the function words and news filler of the languages the
// service reads, besides English (englishStop, which every language also
// uses: loan words and English names of things turn up everywhere). They
// are matched lower-cased, before stemming.
var stopWords = map[string]map[string]bool{
	"de": toSet(`der die das den dem des ein eine einer eines einem einen und oder aber doch auch als wie wenn dass
		ob weil da denn nicht kein keine keinen keinem keiner ist sind war waren wird werden wurde wurden worden sein
		hat haben hatte hatten habe kann können konnte muss müssen soll sollen will wollen würde würden ich du er sie
		es wir ihr ihm ihn ihnen sich sein seine seiner seinen seinem ihre ihrer ihren ihrem mit von zu zum zur im in
		am an auf aus bei nach über unter vor für gegen ohne um bis durch seit zwischen so noch nur schon sehr mehr
		dies diese dieser dieses diesem diesen jetzt heute gestern morgen hier dort dann man was wer wo wann warum
		sagte sagt sagten erklärte laut sowie sei seien bereits etwa rund jahr jahre jahren tag tage uhr montag
		dienstag mittwoch donnerstag freitag samstag sonntag`),
	"fr": toSet(`le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi dont où ce cet cette
		ces se sa son ses leur leurs lui elle ils elles il nous vous je tu on ne pas plus moins très aussi comme
		dans en sur sous par pour avec sans chez entre vers selon est sont était étaient été être a ont avait avaient
		avoir fait faire sera seront peut doit y si tout tous toute toutes même après avant depuis pendant contre
		encore déjà aujourd hui hier demain a déclaré dit affirmé ans an jour jours lundi mardi mercredi jeudi
		vendredi samedi dimanche`),
	"es": toSet(`el la los las lo un una unos unas y o u e ni pero sino que quien quienes cual cuales cuyo donde como
		cuando de del al a en por para con sin sobre entre hasta desde hacia contra según durante ante bajo tras se
		su sus le les me te nos os mi tu él ella ellos ellas nosotros usted ustedes es son era eran fue fueron sido
		ser está están estaba estar ha han había haber hay tiene tienen tenía puede pueden debe no sí muy más menos
		también ya aún todavía este esta estos estas ese esa esos esas eso esto todo todos toda todas otro otra
		dijo afirmó según año años día días hoy ayer mañana lunes martes miércoles jueves viernes sábado domingo`),
	"ru": toSet(`и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне было
		вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь
		опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб
		без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один
		почти мой тем чтобы нее неё сейчас были куда зачем всех никогда можно при наконец два об другой хоть после
		над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед
		иногда лучше чуть том нельзя такой им более всегда конечно всю между это также заявил заявила сказал
		сказала сообщил отметил по словам года году год лет день дня сегодня вчера понедельник вторник среда
		четверг пятница суббота воскресенье`),
	"uk": toSet(`і й та а але або чи що щоб як коли якщо бо адже не ні же ж у в во на з із зі до від по за про для
		при без над під між через після перед біля він вона воно вони ми ви я ти його її їх їм йому їй ним нею
		ними себе собі свій своя своє свої цей ця це ці той та те ті який яка яке які хто де куди тут там теж також
		вже ще лише тільки дуже більш більше менш є був була було були бути буде будуть може можуть має мають
		треба слід все всі весь вся усі сказав сказала заявив заявила повідомив зазначив за словами року році рік
		років день дня сьогодні вчора понеділок вівторок середа четвер пʼятниця п'ятниця субота неділя`),
	"tr": toSet(`ve veya ile de da ki bu şu o bir iki için gibi kadar daha en çok az ama fakat ancak çünkü eğer ise
		mi mı mu mü ne neden nasıl hangi her hiç bazı tüm bütün kendi biz siz onlar ben sen olarak olan oldu olduğu
		olduğunu olacak olması var yok değil sonra önce göre karşı üzerine tarafından dedi söyledi açıkladı belirtti
		ifade etti yıl yılı gün bugün dün yarın pazartesi salı çarşamba perşembe cuma cumartesi pazar`),
	"pl": toSet(`i w we z ze na do od po za o u a ale lub czy że to ten ta te tego tej tym jest są był była było byli
		być będzie nie tak jak jako który która które którzy się jego jej ich oraz także już jeszcze tylko przez dla
		przy przed po pod nad między powiedział powiedziała roku lat dzień dziś wczoraj`),
	"ar": toSet(`في من على إلى الى عن مع أن ان إن أو او و ثم أي اي كل بعض غير بين حتى عند منذ خلال بعد قبل ضد حول لدى
		هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين ما ماذا لا لم لن ليس ليست قد كان كانت كانوا يكون تكون
		هو هي هم هن نحن أنا انا أنت أنتم له لها لهم به بها بهم فيه فيها منه منها عليه عليها إليه كما لكن لأن بل
		إذا اذا إلا الا أيضا ايضا فقط وقد وكان وكانت وهو وهي وفي ومن وعلى وأن وإن ولا ولم وقال قال قالت وقالت
		أكد وأكد أضاف وأضاف أشار وأشار أوضح وأوضح يوم اليوم أمس غدا عام العام سنة الماضي الجاري حيث إنه انه أنه
		عن عبر لقد هناك هنا`),
}

// IsStopWord reports whether lower-cased w carries no topic in lang (or,
// whatever lang, in English).
func IsStopWord(w, lang string) bool { return englishStop[w] || stopWords[lang][w] }
