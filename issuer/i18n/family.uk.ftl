# The families' pages (the phone card /k and the public list of offers /tilbud), Ukrainian.
# Status: machine translation, not reviewed by a native speaker. Please have a native speaker review it before use.
#
# The card must look like any ticket: never a word about income, need,
# support or welfare. Say "kortet", never who it is for.
# An administrator can override any message here per municipality at
# /admin/texts, without a rebuild.

## Shared by both pages

lang-switch = Мова
skip-to-content = Перейти до вмісту
offers-link = Переглянути всі місця та пропозиції
privacy-note = На картці немає жодних даних про те, чия вона.

## The phone card (/k)

card-number = Номер картки
# $from and $until are dates, filled in on the phone.
card-valid = Дійсна { $from }–{ $until }
card-brightness = Збільште яскравість екрана, коли показуєте код.
card-show = Покажіть код на касі або на рецепції. Там його відсканують.
card-checked = Код перевірено на цьому телефоні.
card-unchecked = Цей телефон не може сам перевірити код. Його перевірять на місці.
card-expired = Термін дії картки закінчився { $until }.
card-not-yet = Картка діє лише з { $from }.
card-damaged = Посилання на картку пошкоджене або написане з помилкою. Відскануйте код на паперовій картці ще раз або запитайте людину, яка дала вам картку.
card-unknown-key = Ця сторінка не розпізнає картку. Підключіться до інтернету й оновіть сторінку. Якщо це не допоможе, запитайте людину, яка дала вам картку.
card-unknown-type = Ця сторінка не знає цього типу картки. Підключіться до інтернету й оновіть сторінку.
card-none = На цьому телефоні ще немає збереженої картки. Відскануйте QR-код на паперовій картці камерою телефона.
card-storage-off = Браузер не дозволяє цій сторінці зберегти картку. Додайте сторінку в закладки або користуйтеся паперовою карткою.
card-no-core = Цей браузер не може показати картку. Оновіть браузер або покажіть паперову картку – вона діє так само.
cards-saved = Картки на цьому телефоні
# $number is a card number like 7KX-M2Q-9DA.
card-switch = Показати картку { $number }
card-remove = Видалити картку з телефона
card-remove-confirm = Видалити картку з цього телефона? Паперова картка й далі діє.
# Shown after "Remove" (SPEC §12.2): machine translation, not reviewed by a native speaker.
card-removed-history = Картку видалено з цієї сторінки. Але браузер може й далі пам’ятати посилання на картку в історії. Щоб видалити його й звідти: відкрийте історію браузера, знайдіть цю сторінку й видаліть її або очистьте дані веб-перегляду (історію) в налаштуваннях браузера.
card-add-hint = У вас кілька карток, наприклад для братів і сестер? Відскануйте камерою кожну паперову картку. Усі картки зберігаються тут, а перемикатися між ними можна вгорі.
card-offline = Немає інтернету. Картка все одно діє.
card-install = Додайте цю сторінку на головний екран, щоб швидко знаходити картку, навіть без інтернету.
card-private = Картка зберігається лише на цьому телефоні.
uses-heading = Для чого можна використати картку?
uses-where = Де вона діє:
uses-none = Зараз для цього типу картки немає пропозицій.

## What a card gives (both pages)

benefit-companion = Один дорослий, який іде разом із дитиною, проходить безкоштовно.
quota-day = { $count ->
    [one] { $count } раз на день
    [few] { $count } рази на день
    [many] { $count } разів на день
   *[other] { $count } разу на день
}
quota-week = { $count ->
    [one] { $count } раз на тиждень
    [few] { $count } рази на тиждень
    [many] { $count } разів на тиждень
   *[other] { $count } разу на тиждень
}
quota-month = { $count ->
    [one] { $count } раз на місяць
    [few] { $count } рази на місяць
    [many] { $count } разів на місяць
   *[other] { $count } разу на місяць
}
quota-year = { $count ->
    [one] { $count } раз на рік
    [few] { $count } рази на рік
    [many] { $count } разів на рік
   *[other] { $count } разу на рік
}
quota-validity = { $count ->
    [one] { $count } раз, поки картка дійсна
    [few] { $count } рази, поки картка дійсна
    [many] { $count } разів, поки картка дійсна
   *[other] { $count } разу, поки картка дійсна
}
quota-none = Скільки завгодно, поки картка дійсна
ages = Вік { $min }–{ $max }
validity-calendar-year = Діє до кінця календарного року
validity-days = { $days ->
    [one] Діє { $days } день
    [few] Діє { $days } дні
    [many] Діє { $days } днів
   *[other] Діє { $days } дня
}
validity-fixed = Діє { $from }–{ $until }
validity-roll-over = Діє до кінця календарного року; картки, видані з { $date }, діють до кінця наступного року
validity-months = { $months ->
    [one] Діє { $months } місяць
    [few] Діє { $months } місяці
    [many] Діє { $months } місяців
   *[other] Діє { $months } місяця
}

## How to use the card at each kind of place

how-cinema = Покажіть код у касі, і вам дадуть квиток.
how-swimming = Покажіть код на рецепції, перш ніж зайти.
how-museum = Покажіть код у квитковій касі.
how-theatre = Покажіть код у касі, і вам дадуть квиток.
how-amusement = Покажіть код на вході.
how-activity = Покажіть код на касі.
how-event = Покажіть код на вході.
how-transport = Покажіть код водієві або контролерові.
how-other = Покажіть код, коли прийдете.

category-cinema = Кіно
category-swimming = Басейн
category-museum = Музей
category-theatre = Театр
category-amusement = Парк розваг
category-activity = Заняття
category-event = Захід
category-transport = Транспорт
category-other = Інше

## The public list of offers (/tilbud)

offers-title = Місця та пропозиції
offers-intro = Тут усі місця, де можна використати картку, і що дає кожен тип картки. Список складається з тих самих даних, якими користуються ці місця, тому він завжди актуальний.
offers-filter = Тип місця
offers-all = Усі
offers-filter-button = Показати
offers-venues = Місця
offers-card-types = Типи карток
offers-none = Місць такого типу ще немає.
offers-gives = З карткою:
offers-card-type-gives = Дає:
offers-address = Адреса

## The printed card (PDF): one short line, printed in several languages

# Kept short: it is printed on the card at 5–5.5 pt in a 44 mm column.
sheet-phone-hint = На телефоні: відскануйте код камерою.

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = Цей текст перекладено автоматично, і муніципалітет ще не перевірив його.

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = Цю картку заблоковано, і нею більше не можна користуватися, тому код не показано. Зверніться до установи, яка видала вам картку.
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = Дати картці назву
nickname-label = Назва (зберігається лише на цьому телефоні)
nickname-save = Зберегти назву
nickname-remove = Видалити назву
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = Заблоковано
## Venue details on the list of offers and the phone card
offers-hours = Години роботи
offers-phone = Телефон
offers-web = Вебсайт
offers-map = Показати на карті

# The scheme's contact details on the offers page and the phone card.
contact-heading = Маєте запитання щодо картки?
