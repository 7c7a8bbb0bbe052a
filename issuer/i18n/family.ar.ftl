# The families' pages (the phone card /k and the public list of offers /tilbud), Arabic.
# Status: machine translation, not reviewed by a native speaker. Please have a native speaker review it before use.
#
# The card must look like any ticket: never a word about income, need,
# support or welfare. Say "kortet", never who it is for.
# An administrator can override any message here per municipality at
# /admin/texts, without a rebuild.

## Shared by both pages

lang-switch = اللغة
skip-to-content = انتقل إلى المحتوى
offers-link = شاهد كل الأماكن والعروض
privacy-note = لا تحتوي البطاقة على أي معلومات عن صاحبها.

## The phone card (/k)

card-number = رقم البطاقة
# $from and $until are dates, filled in on the phone.
card-valid = صالحة { $from }–{ $until }
card-brightness = ارفع سطوع الشاشة عندما تعرض الرمز.
card-show = اعرض الرمز عند صندوق الدفع أو في الاستقبال. سيقومون بمسحه ضوئيًا.
card-checked = تم التحقق من الرمز على هذا الهاتف.
card-unchecked = لا يستطيع هذا الهاتف التحقق من الرمز بنفسه. المكان الذي تزوره يتحقق منه.
card-expired = انتهت صلاحية البطاقة في { $until }.
card-not-yet = البطاقة صالحة ابتداءً من { $from }.
card-damaged = رابط البطاقة تالف أو مكتوب بشكل خاطئ. امسح رمز البطاقة الورقية بالكاميرا مرة أخرى، أو اسأل الشخص الذي أعطاك البطاقة.
card-unknown-key = هذه الصفحة لا تعرف المفتاح الذي صُنعت به البطاقة. اتصل بالإنترنت وأعد تحميل الصفحة.
card-unknown-type = هذه الصفحة لا تعرف نوع البطاقة. اتصل بالإنترنت وأعد تحميل الصفحة.
card-none = لا توجد بطاقة محفوظة على هذا الهاتف بعد. امسح رمز QR على البطاقة الورقية بكاميرا الهاتف.
card-storage-off = المتصفح لا يسمح لهذه الصفحة بحفظ البطاقة. أضف هذه الصفحة إلى المفضلة أو استخدم البطاقة الورقية.
card-no-core = لا يستطيع هذا المتصفح عرض البطاقة. حدّث المتصفح، أو أظهر البطاقة الورقية – فهي تعمل بالطريقة نفسها.
cards-saved = البطاقات على هذا الهاتف
# $number is a card number like 7KX-M2Q-9DA.
card-switch = اعرض البطاقة { $number }
card-remove = احذف البطاقة من الهاتف
card-remove-confirm = هل تريد حذف البطاقة من هذا الهاتف؟ البطاقة الورقية تبقى صالحة.
# Shown after "Remove" (SPEC §12.2): machine translation, not reviewed by a native speaker.
card-removed-history = حُذفت البطاقة من هذه الصفحة. لكن المتصفح قد يظل يتذكر رابط البطاقة في سجله. لحذفه من هناك أيضًا: افتح سجل المتصفح، وابحث عن هذه الصفحة واحذفها، أو امسح بيانات التصفح (السجل) من إعدادات المتصفح.
card-add-hint = هل عندك أكثر من بطاقة، مثلًا للإخوة والأخوات؟ امسح كل بطاقة ورقية بالكاميرا. كل البطاقات تُحفظ هنا، وتنتقل بينها من الأعلى.
card-offline = أنت غير متصل بالإنترنت. البطاقة تعمل مع ذلك.
card-install = أضف هذه الصفحة إلى الشاشة الرئيسية لتجد البطاقة بسرعة، حتى بدون إنترنت.
card-private = البطاقة محفوظة على هذا الهاتف فقط.
uses-heading = ماذا أستطيع أن أفعل بالبطاقة؟
uses-where = تعمل البطاقة هنا:
uses-none = لا توجد عروض لهذا النوع من البطاقات الآن.

## What a card gives (both pages)

benefit-companion = يدخل مرافق بالغ واحد مجانًا مع الطفل.
quota-day = { $count ->
    [zero] { $count } مرة في اليوم
    [one] مرة واحدة في اليوم
    [two] مرتان في اليوم
    [few] { $count } مرات في اليوم
    [many] { $count } مرة في اليوم
   *[other] { $count } مرة في اليوم
}
quota-week = { $count ->
    [zero] { $count } مرة في الأسبوع
    [one] مرة واحدة في الأسبوع
    [two] مرتان في الأسبوع
    [few] { $count } مرات في الأسبوع
    [many] { $count } مرة في الأسبوع
   *[other] { $count } مرة في الأسبوع
}
quota-month = { $count ->
    [zero] { $count } مرة في الشهر
    [one] مرة واحدة في الشهر
    [two] مرتان في الشهر
    [few] { $count } مرات في الشهر
    [many] { $count } مرة في الشهر
   *[other] { $count } مرة في الشهر
}
quota-year = { $count ->
    [zero] { $count } مرة في السنة
    [one] مرة واحدة في السنة
    [two] مرتان في السنة
    [few] { $count } مرات في السنة
    [many] { $count } مرة في السنة
   *[other] { $count } مرة في السنة
}
quota-validity = { $count ->
    [zero] { $count } مرة ما دامت البطاقة صالحة
    [one] مرة واحدة ما دامت البطاقة صالحة
    [two] مرتان ما دامت البطاقة صالحة
    [few] { $count } مرات ما دامت البطاقة صالحة
    [many] { $count } مرة ما دامت البطاقة صالحة
   *[other] { $count } مرة ما دامت البطاقة صالحة
}
quota-none = كلما أردت، ما دامت البطاقة صالحة
ages = العمر { $min }–{ $max } سنة
validity-calendar-year = صالحة حتى نهاية السنة الميلادية
validity-days = { $days ->
    [zero] صالحة لمدة { $days } يوم
    [one] صالحة ليوم واحد
    [two] صالحة ليومين
    [few] صالحة لمدة { $days } أيام
    [many] صالحة لمدة { $days } يومًا
   *[other] صالحة لمدة { $days } يوم
}
validity-fixed = صالحة { $from }–{ $until }
# unreviewed (machine translation)
validity-roll-over = صالحة حتى نهاية السنة الميلادية؛ البطاقات الصادرة من { $date } صالحة حتى نهاية السنة التالية
# unreviewed (machine translation)
validity-months = { $months ->
    [zero] صالحة لمدة { $months } شهر
    [one] صالحة لمدة شهر واحد
    [two] صالحة لمدة شهرين
    [few] صالحة لمدة { $months } أشهر
    [many] صالحة لمدة { $months } شهرًا
   *[other] صالحة لمدة { $months } شهر
}

## How to use the card at each kind of place

how-cinema = اعرض الرمز في شباك التذاكر لتحصل على تذكرة.
how-swimming = اعرض الرمز في الاستقبال قبل أن تدخل.
how-museum = اعرض الرمز في مكتب التذاكر.
how-theatre = اعرض الرمز في شباك التذاكر لتحصل على تذكرة.
how-amusement = اعرض الرمز عند المدخل.
how-activity = اعرض الرمز عند صندوق الدفع.
how-event = اعرض الرمز عند المدخل.
how-transport = اعرض الرمز للسائق أو لمفتش التذاكر.
how-other = اعرض الرمز عندما تصل.

category-cinema = سينما
category-swimming = مسبح
category-museum = متحف
category-theatre = مسرح
category-amusement = مدينة ملاهٍ
category-activity = نشاط
category-event = فعالية
category-transport = مواصلات
category-other = أخرى

## The public list of offers (/tilbud)

offers-title = الأماكن والعروض
offers-intro = هنا كل الأماكن التي يمكن استخدام البطاقة فيها، وما يعطيه كل نوع من البطاقات. القائمة مصنوعة من نفس المعلومات التي تستخدمها الأماكن، لذلك هي محدَّثة دائمًا.
offers-filter = نوع المكان
offers-all = الكل
offers-filter-button = اعرض
offers-venues = الأماكن
offers-card-types = أنواع البطاقات
offers-none = لا توجد أماكن من هذا النوع بعد.
offers-gives = مع البطاقة:
offers-card-type-gives = يعطي:
offers-address = العنوان

## The printed card (PDF): one short line, printed in several languages

sheet-phone-hint = البطاقة على الهاتف: امسح الرمز بالكاميرا.

## Both pages, while the language is not reviewed (a native speaker or the municipality)

translation-note = هذا النص مترجم آليًا ولم تراجعه البلدية بعد.

## The phone card (/k): a blocked card, and nicknames kept on the phone

# A card the latest published list blocks: no code is shown (SPEC §12.2).
card-blocked = هذه البطاقة موقوفة ولم يعد من الممكن استخدامها، لذلك لا يظهر الرمز. تواصل مع المكتب الذي أعطاك البطاقة.
# A name the family gives a card (a child's name, say): kept on the phone only.
nickname-add = أعطِ البطاقة اسمًا مختصرًا
nickname-label = الاسم المختصر (يُحفظ على هذا الهاتف فقط)
nickname-save = احفظ الاسم
nickname-remove = احذف الاسم
# A blocked card's mark in the list of cards on the phone.
card-blocked-short = موقوفة
## Venue details on the list of offers and the phone card
offers-hours = ساعات العمل
offers-phone = الهاتف
offers-web = الموقع الإلكتروني
offers-map = عرض على الخريطة

# The scheme's contact details on the offers page and the phone card.
contact-heading = هل لديك أسئلة عن البطاقة؟
