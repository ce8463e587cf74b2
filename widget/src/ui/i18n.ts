// The widget's own words in English, Spanish, French, German and Arabic, the choice of
// language (data-lang, else <html lang>, else the browser's) and the owner's overrides
// (data-strings). Pure: no DOM here.

const EN = {
  title: "Assistant",
  openLabel: "Open the assistant",
  closeLabel: "Close the assistant",
  menu: "More options",
  newConversation: "New conversation",
  placeholder: "Ask me to do something…",
  inputLabel: "Message",
  send: "Send",
  stop: "Stop",
  stopped: "Stopped. I won't take any more steps on that.",
  working: "Working on it…",
  workingOn: "Working on it: {0}",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  offline: "Offline",
  replaced: "Open in another tab",
  continueHere: "Continue here",
  continuingHere: "Continuing in this tab.",
  otherTab: "This chat continued in another tab or window.",
  unreachable: "Can't reach the assistant right now. I'll keep trying.",
  sendFailed: "Couldn't send your message{0}. Please try again in a moment.",
  waitRetry: "Please wait a moment and try again.",
  failed: "Something went wrong.",
  confirm: "Confirm",
  cancel: "Cancel",
  answered: "You answered: {0}",
  greeting: "Hi! I can help you get things done on this site. What would you like to do?",
  suggestions: "Suggestions",
  showMe: "Show me",
  keepGoingAsk: "I've taken {0} steps for this request. Shall I keep going?",
  keepGoing: "Keep going",
  keepGoingAskOne: "I've taken a step for this request. Shall I keep going?",
};

export type StringKey = keyof typeof EN;
export type Strings = Record<StringKey, string>;

// Translations in the order of EN's keys (compact: one array per language).
const PACKS: Record<string, string[]> = {
  es: ["Asistente", "Abrir el asistente", "Cerrar el asistente", "Más opciones",
    "Nueva conversación", "Pídeme que haga algo…", "Mensaje", "Enviar", "Detener",
    "Detenido. No daré más pasos con eso.", "Trabajando en ello…", "Trabajando en ello: {0}",
    "Conectando…", "Reconectando…", "Sin conexión", "Abierto en otra pestaña", "Continuar aquí",
    "Continuamos en esta pestaña.", "Este chat continuó en otra pestaña o ventana.",
    "No puedo contactar con el asistente ahora mismo. Lo seguiré intentando.",
    "No se pudo enviar tu mensaje{0}. Inténtalo de nuevo en un momento.",
    "Espera un momento e inténtalo de nuevo.", "Algo salió mal.", "Confirmar", "Cancelar",
    "Tu respuesta: {0}",
    "¡Hola! Puedo ayudarte a hacer cosas en este sitio. ¿Qué te gustaría hacer?",
    "Sugerencias", "Muéstramelo", "He dado {0} pasos para esta petición. ¿Sigo?", "Sigue",
    "He dado un paso para esta petición. ¿Sigo?"],
  fr: ["Assistant", "Ouvrir l’assistant", "Fermer l’assistant", "Plus d’options",
    "Nouvelle conversation", "Demandez-moi de faire quelque chose…", "Message", "Envoyer",
    "Arrêter", "Arrêté. Je ne ferai plus rien pour cette demande.", "Je m’en occupe…",
    "Je m’en occupe : {0}", "Connexion…", "Reconnexion…", "Hors ligne",
    "Ouvert dans un autre onglet", "Continuer ici", "On continue dans cet onglet.",
    "Cette conversation s’est poursuivie dans un autre onglet ou une autre fenêtre.",
    "Impossible de joindre l’assistant pour le moment. Je réessaie.",
    "Impossible d’envoyer votre message{0}. Réessayez dans un instant.",
    "Patientez un instant puis réessayez.", "Une erreur s’est produite.", "Confirmer",
    "Annuler", "Votre réponse : {0}",
    "Bonjour ! Je peux vous aider à faire des choses sur ce site. Que souhaitez-vous faire ?",
    "Suggestions", "Montrer", "J’ai effectué {0} étapes pour cette demande. Je continue ?",
    "Continuer", "J’ai effectué une étape pour cette demande. Je continue ?"],
  de: ["Assistent", "Assistenten öffnen", "Assistenten schließen", "Weitere Optionen",
    "Neue Unterhaltung", "Sag mir, was ich tun soll…", "Nachricht", "Senden", "Stopp",
    "Gestoppt. Dafür unternehme ich keine weiteren Schritte.", "Ich arbeite daran…",
    "Ich arbeite daran: {0}", "Verbinde…", "Verbinde erneut…", "Offline",
    "In einem anderen Tab geöffnet", "Hier fortfahren", "Es geht in diesem Tab weiter.",
    "Dieser Chat wurde in einem anderen Tab oder Fenster fortgesetzt.",
    "Der Assistent ist gerade nicht erreichbar. Ich versuche es weiter.",
    "Deine Nachricht konnte nicht gesendet werden{0}. Bitte versuche es gleich noch einmal.",
    "Bitte warte kurz und versuche es noch einmal.", "Etwas ist schiefgelaufen.", "Bestätigen",
    "Abbrechen", "Deine Antwort: {0}",
    "Hallo! Ich kann dir helfen, auf dieser Website Dinge zu erledigen. Was möchtest du tun?",
    "Vorschläge", "Zeigen",
    "Ich habe für diese Anfrage {0} Schritte ausgeführt. Soll ich weitermachen?",
    "Weitermachen",
    "Ich habe für diese Anfrage einen Schritt ausgeführt. Soll ich weitermachen?"],
  ar: ["المساعد", "افتح المساعد", "أغلق المساعد", "خيارات أخرى", "محادثة جديدة",
    "اطلب مني القيام بشيء…", "رسالة", "إرسال", "إيقاف", "تم الإيقاف. لن أتخذ أي خطوات أخرى في ذلك.",
    "جارٍ العمل…", "جارٍ العمل: {0}", "جارٍ الاتصال…", "جارٍ إعادة الاتصال…", "غير متصل",
    "مفتوح في علامة تبويب أخرى", "تابع هنا", "نتابع في علامة التبويب هذه.",
    "استمرت هذه المحادثة في علامة تبويب أو نافذة أخرى.",
    "تعذّر الوصول إلى المساعد الآن. سأواصل المحاولة.",
    "تعذّر إرسال رسالتك{0}. يُرجى المحاولة مرة أخرى بعد قليل.",
    "يُرجى الانتظار قليلًا ثم المحاولة مرة أخرى.", "حدث خطأ ما.", "تأكيد", "إلغاء", "إجابتك: {0}",
    "مرحبًا! يمكنني مساعدتك في إنجاز الأمور على هذا الموقع. ماذا تريد أن تفعل؟", "اقتراحات",
    "أرني", "لقد نفّذت {0} خطوات لهذا الطلب. هل أتابع؟", "تابع",
    "لقد نفّذت خطوة واحدة لهذا الطلب. هل أتابع؟"],
};

const KEYS = Object.keys(EN) as StringKey[];

/** The languages the widget speaks (primary subtags). */
export const LANGUAGES = ["en", ...Object.keys(PACKS)];

const RTL = new Set(["ar", "he", "fa", "ur", "ps", "yi", "dv", "ku", "sd", "ug"]);

function primary(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
}

/** The first supported language among the candidates, in order (data-lang, <html lang>,
 * then navigator.languages); English when none is. "es-MX" is Spanish. */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): string {
  for (const c of candidates) {
    const p = c ? primary(c) : "";
    if (p && LANGUAGES.includes(p)) return p;
  }
  return "en";
}

/** "rtl" for a right-to-left language (Arabic, Hebrew, Persian, Urdu, …). */
export function direction(lang: string): "rtl" | "ltr" {
  return RTL.has(primary(lang)) ? "rtl" : "ltr";
}

/** The owner's overrides (data-strings' JSON, or start()'s `strings` object): key ->
 * text. Unknown keys and non-text values are dropped with a console warning; bad JSON is
 * ignored. */
export function parseOverrides(raw: Record<string, unknown> | string | undefined | null):
  Partial<Strings> {
  if (!raw) return {};
  let data: unknown = raw;
  if (typeof raw === "string") {
    try {
      data = JSON.parse(raw);
    } catch {
      console.warn("[LeFlux] data-strings is not valid JSON; using the built-in strings");
      return {};
    }
  }
  const out: Partial<Strings> = {};
  if (!data || typeof data !== "object" || Array.isArray(data)) return out;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if ((KEYS as string[]).includes(k) && typeof v === "string") out[k as StringKey] = v;
    else console.warn(`[LeFlux] strings: ignoring ${JSON.stringify(k).slice(0, 40)}`);
  }
  return out;
}

/** The full string table for a language, with the owner's overrides on top. */
export function stringsFor(lang: string, overrides: Partial<Strings> = {}): Strings {
  const pack = PACKS[primary(lang)];
  const out = { ...EN };
  if (pack) KEYS.forEach((k, i) => (out[k] = pack[i] ?? EN[k]));
  return { ...out, ...overrides };
}

/** "{0}" in a string replaced by the argument. */
export function fill(template: string, arg: string | number): string {
  return template.replace("{0}", String(arg));
}
