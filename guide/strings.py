"""The visitor app's own words (not the tours'), in Kazakh, Russian and English.

`ui(lang)` gives a complete table for any language: a missing language or key falls back
to English, so a tour in a language we have no translation for still shows a whole page.
Placeholders are `{name}`, filled by `str.format` in Python or by `fill()` in app.js.
"""

from __future__ import annotations

from collections.abc import Mapping

FALLBACK = "en"

#: Each language in its own name, for the language picker.
LANGUAGE_NAMES: Mapping[str, str] = {
    "kk": "Қазақша",
    "ru": "Русский",
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "tr": "Türkçe",
    "uz": "Oʻzbekcha",
    "ky": "Кыргызча",
    "zh": "中文",
    "ar": "العربية",
    "he": "עברית",
}

#: Languages written right to left: their pages get dir="rtl".
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})

STRINGS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "tours": "Tours",
        "site_title": "Audio guide",
        "skip": "Skip to content",
        "language": "Language",
        "stops": "Stops",
        "stop": "Stop {number}",
        "total_length": "Total length {time}",
        "stops_count": "{count} stops",
        "length": "Length {time}",
        "visited": "visited",
        "download": "Download tour",
        "download_size": "Download tour ({size})",
        "downloading": "Downloading… {percent}%",
        "download_progress": "Download progress",
        "downloaded": "The tour is saved on this phone and works without internet.",
        "download_failed": "The download stopped: {reason}. "
        "Try again; it continues where it stopped.",
        "download_resume": "Continue download ({size} left)",
        "updating": "Updating the saved tour… {percent}%",
        "evicted": "Your browser removed the saved tour to free space.",
        "download_again": "Download again",
        "storage": "Used on this phone: {used} of {quota}",
        "download_in": "Download tour in {language} ({size})",
        "download_other": "Other languages",
        "saved": "saved",
        "not_saved": "not saved offline",
        "not_saved_offline": "{language} is not saved on this phone. "
        "Connect to the internet to open it.",
        "quota": "Not enough storage on this phone: {size} more is needed. "
        "Free some space, then try again; what is saved is kept.",
        "offline_needs": "Save the tour to use it without internet.",
        "keypad": "Go to stop",
        "keypad_label": "Stop number",
        "keypad_hint": "Type the number shown beside the exhibit.",
        "go": "Go",
        "erase": "Erase",
        "no_such_stop": "There is no stop {number}.",
        "listen": "Listen",
        "play": "Play",
        "pause": "Pause",
        "back10": "Back 10 seconds",
        "forward10": "Forward 10 seconds",
        "speed": "Speed",
        "position": "Position",
        "resumed": "Continuing from {time}.",
        "start_over": "Start over",
        "autoplay": "Play the next stop automatically",
        "synthetic": "Synthetic voice",
        "synthetic_note": "This narration is read by a computer voice.",
        "fallback_note": "This stop is not yet available in {language}; it is shown in {default}.",
        "content_note": "Content note",
        "transcript": "Transcript",
        "previous": "Previous stop",
        "next": "Next stop",
        "tour_home": "All stops",
        "no_audio": "Your browser cannot play this recording.",
        "choose_language": "Choose a language",
        "opening": "Opening the stop in your language…",
        "offline_title": "You are offline",
        "offline_body": "This page has not been saved on this phone. "
        "Connect to the internet, or open a tour you have saved.",
        "not_found_title": "Page not found",
        "not_found_body": "There is no page at this address. Check the number beside the exhibit.",
        "home": "Home",
        "image": "Image",
    },
    "ru": {
        "tours": "Экскурсии",
        "site_title": "Аудиогид",
        "skip": "Перейти к содержанию",
        "language": "Язык",
        "stops": "Остановки",
        "stop": "Остановка {number}",
        "total_length": "Общая длительность {time}",
        "stops_count": "Остановок: {count}",
        "length": "Длительность {time}",
        "visited": "прослушано",
        "download": "Скачать экскурсию",
        "download_size": "Скачать экскурсию ({size})",
        "downloading": "Загрузка… {percent}%",
        "download_progress": "Ход загрузки",
        "downloaded": "Экскурсия сохранена на телефоне и работает без интернета.",
        "download_failed": "Загрузка прервалась: {reason}. "
        "Повторите — она продолжится с того же места.",
        "download_resume": "Продолжить загрузку (осталось {size})",
        "updating": "Обновление сохранённой экскурсии… {percent}%",
        "evicted": "Браузер удалил сохранённую экскурсию, чтобы освободить место.",
        "download_again": "Скачать снова",
        "storage": "Занято на телефоне: {used} из {quota}",
        "download_in": "Скачать экскурсию: {language} ({size})",
        "download_other": "Другие языки",
        "saved": "сохранено",
        "not_saved": "не сохранено",
        "not_saved_offline": "Язык «{language}» не сохранён на телефоне. "
        "Подключитесь к интернету, чтобы открыть его.",
        "quota": "На телефоне не хватает места: нужно ещё {size}. "
        "Освободите место и повторите; сохранённое не потеряется.",
        "offline_needs": "Сохраните экскурсию, чтобы слушать её без интернета.",
        "keypad": "Перейти к остановке",
        "keypad_label": "Номер остановки",
        "keypad_hint": "Введите номер, указанный рядом с экспонатом.",
        "go": "Перейти",
        "erase": "Стереть",
        "no_such_stop": "Остановки {number} нет.",
        "listen": "Слушать",
        "play": "Слушать",
        "pause": "Пауза",
        "back10": "Назад на 10 секунд",
        "forward10": "Вперёд на 10 секунд",
        "speed": "Скорость",
        "position": "Позиция",
        "resumed": "Продолжение с {time}.",
        "start_over": "Сначала",
        "autoplay": "Автоматически включать следующую остановку",
        "synthetic": "Синтезированный голос",
        "synthetic_note": "Этот текст читает компьютерный голос.",
        "fallback_note": "Перевода этой остановки на язык «{language}» пока нет; "
        "текст показан на языке «{default}».",
        "content_note": "Предупреждение о содержании",
        "transcript": "Текст",
        "previous": "Предыдущая остановка",
        "next": "Следующая остановка",
        "tour_home": "Все остановки",
        "no_audio": "Ваш браузер не может воспроизвести эту запись.",
        "choose_language": "Выберите язык",
        "opening": "Открываем остановку на вашем языке…",
        "offline_title": "Нет подключения к интернету",
        "offline_body": "Эта страница не сохранена на телефоне. "
        "Подключитесь к интернету или откройте сохранённую экскурсию.",
        "not_found_title": "Страница не найдена",
        "not_found_body": "По этому адресу страницы нет. Проверьте номер рядом с экспонатом.",
        "home": "Главная",
        "image": "Изображение",
    },
    "kk": {
        "tours": "Экскурсиялар",
        "site_title": "Аудиогид",
        "skip": "Мазмұнға өту",
        "language": "Тіл",
        "stops": "Аялдамалар",
        "stop": "{number}-аялдама",
        "total_length": "Жалпы ұзақтығы {time}",
        "stops_count": "Аялдамалар саны: {count}",
        "length": "Ұзақтығы {time}",
        "visited": "тыңдалды",
        "download": "Экскурсияны жүктеу",
        "download_size": "Экскурсияны жүктеу ({size})",
        "downloading": "Жүктелуде… {percent}%",
        "download_progress": "Жүктеу барысы",
        "downloaded": "Экскурсия телефонда сақталды, интернетсіз де жұмыс істейді.",
        "download_failed": "Жүктеу тоқтады: {reason}. Қайталаңыз — тоқтаған жерінен жалғасады.",
        "download_resume": "Жүктеуді жалғастыру ({size} қалды)",
        "updating": "Сақталған экскурсия жаңартылуда… {percent}%",
        "evicted": "Браузер орын босату үшін сақталған экскурсияны өшірді.",
        "download_again": "Қайта жүктеу",
        "storage": "Телефонда пайдаланылғаны: {used} / {quota}",
        "download_in": "Экскурсияны жүктеу: {language} ({size})",
        "download_other": "Басқа тілдер",
        "saved": "сақталды",
        "not_saved": "сақталмаған",
        "not_saved_offline": "«{language}» тілі телефонда сақталмаған. "
        "Оны ашу үшін интернетке қосылыңыз.",
        "quota": "Телефонда орын жетпейді: тағы {size} керек. "
        "Орын босатып, қайталаңыз; сақталғаны жоғалмайды.",
        "offline_needs": "Интернетсіз тыңдау үшін экскурсияны сақтаңыз.",
        "keypad": "Аялдамаға өту",
        "keypad_label": "Аялдама нөмірі",
        "keypad_hint": "Экспонаттың қасындағы нөмірді теріңіз.",
        "go": "Өту",
        "erase": "Өшіру",
        "no_such_stop": "{number}-аялдама жоқ.",
        "listen": "Тыңдау",
        "play": "Тыңдау",
        "pause": "Кідірту",
        "back10": "10 секунд артқа",
        "forward10": "10 секунд алға",
        "speed": "Жылдамдық",
        "position": "Орны",
        "resumed": "{time} бастап жалғасады.",
        "start_over": "Басынан бастау",
        "autoplay": "Келесі аялдаманы автоматты түрде қосу",
        "synthetic": "Синтезделген дауыс",
        "synthetic_note": "Бұл мәтінді компьютер дауысы оқиды.",
        "fallback_note": "Бұл аялдаманың «{language}» тіліндегі аудармасы әлі жоқ; "
        "мәтін «{default}» тілінде көрсетілген.",
        "content_note": "Мазмұн туралы ескерту",
        "transcript": "Мәтін",
        "previous": "Алдыңғы аялдама",
        "next": "Келесі аялдама",
        "tour_home": "Барлық аялдамалар",
        "no_audio": "Браузеріңіз бұл жазбаны ойната алмайды.",
        "choose_language": "Тілді таңдаңыз",
        "opening": "Аялдама сіздің тіліңізде ашылуда…",
        "offline_title": "Интернет байланысы жоқ",
        "offline_body": "Бұл бет телефонда сақталмаған. "
        "Интернетке қосылыңыз немесе сақталған экскурсияны ашыңыз.",
        "not_found_title": "Бет табылмады",
        "not_found_body": "Бұл мекенжайда бет жоқ. Экспонаттың қасындағы нөмірді тексеріңіз.",
        "home": "Басты бет",
        "image": "Сурет",
    },
}


def ui(lang: str) -> dict[str, str]:
    """Every UI string for `lang`, English where a translation is missing."""
    table = dict(STRINGS[FALLBACK])
    table.update(STRINGS.get(lang.split("-")[0], {}))
    return table


def language_name(lang: str) -> str:
    """A language in its own name ("Қазақша"), or its code when we do not know it."""
    return LANGUAGE_NAMES.get(lang) or LANGUAGE_NAMES.get(lang.split("-")[0]) or lang


def text_direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0] in RTL_LANGUAGES else "ltr"
