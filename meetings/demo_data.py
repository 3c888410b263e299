"""Facts of the demo meetings, from the reference documents in ``shared/seeds``.

CCM, Second Meeting of the States Parties (Beirut, 2011): seeds/003 (final document CCM/MSP/2011/5,
Arabic). Participants are the Arabic names of paragraphs 8-14 as printed; they are resolved to States
with ``State.name_on(meeting date, "ar")``, so the report's names of 2011 (سوازيلند) are what matches.
Officers: paragraphs 4, 15-18; coordinators: paragraph 28; decisions: paragraphs 22-33.

Not in the seed, and marked so here: the agenda (CCM/MSP/2011/1 is not reproduced in seeds/003; the
items below are reconstructed from the report and the usual CCM agenda), the session hours, and
the titles of WP.1, WP.3, WP.5 and WP.8 (left generic rather than guessed).

APMBC, Nineteenth Meeting (The Hague, 15-19 November 2021): seeds/000 gives agenda item 10(h)(i) and
the title of the ISU report, work plan and budget 2022; its document number is not in the seed.
"""

import datetime

D = datetime.date

BEIRUT = {
    "convention": "CCM",
    "kind": "msp",
    "ordinal": 2,
    "title_en": "Second Meeting of States Parties to the Convention on Cluster Munitions",
    "title_ar": "الاجتماع الثاني للدول الأطراف في اتفاقية الذخائر العنقودية",
    "title_fr": "Deuxième Assemblée des États parties à la Convention sur les armes à sous-munitions",
    "title_es": "Segunda Reunión de los Estados Partes en la Convención sobre Municiones en Racimo",
    "city_en": "Beirut",
    "city_ar": "بيروت",
    "city_fr": "Beyrouth",
    "city_es": "Beirut",
    "host_state": "LBN",
    # Paragraph 7: the formal meeting was held 13-16 September; the title page announces 12-16.
    "start_date": D(2011, 9, 13),
    "end_date": D(2011, 9, 16),
    "announced_start_date": D(2011, 9, 12),
    "announced_end_date": D(2011, 9, 16),
    "symbol_prefix": "CCM/MSP/2011",
    "final_report_symbol": "CCM/MSP/2011/5",
}

# The Third Meeting, decided in paragraph 31 ("the week of 10 to 14 September 2012 in Norway"); it
# met in Oslo on 11-14 September 2012. Entered as planned: it carries the terms that end with it.
OSLO = {
    "convention": "CCM",
    "kind": "msp",
    "ordinal": 3,
    "title_en": "Third Meeting of States Parties to the Convention on Cluster Munitions",
    "title_ar": "الاجتماع الثالث للدول الأطراف في اتفاقية الذخائر العنقودية",
    "title_fr": "Troisième Assemblée des États parties à la Convention sur les armes à sous-munitions",
    "title_es": "Tercera Reunión de los Estados Partes en la Convención sobre Municiones en Racimo",
    "city_en": "Oslo",
    "city_ar": "أوسلو",
    "city_fr": "Oslo",
    "city_es": "Oslo",
    "host_state": "NOR",
    "start_date": D(2012, 9, 11),
    "end_date": D(2012, 9, 14),
    "announced_start_date": D(2012, 9, 10),
    "announced_end_date": D(2012, 9, 14),
    "symbol_prefix": "CCM/MSP/2012",
    "final_report_symbol": "",
}

THE_HAGUE = {
    "convention": "APMBC",
    "kind": "msp",
    "ordinal": 19,
    "title_en": (
        "Nineteenth Meeting of the States Parties to the Convention on the Prohibition of the Use, Stockpiling, "
        "Production and Transfer of Anti-Personnel Mines and on Their Destruction"
    ),
    "title_ar": (
        "الاجتماع التاسع عشر للدول الأطراف في اتفاقية حظر استعمال وتخزين وإنتاج ونقل الألغام المضادة للأفراد وتدمير تلك الألغام"
    ),
    "title_fr": "Dix-neuvième Assemblée des États parties à la Convention sur l'interdiction des mines antipersonnel",
    "title_es": "Decimonovena Reunión de los Estados Partes en la Convención sobre la Prohibición de las Minas Antipersonal",
    "city_en": "The Hague",
    "city_ar": "لاهاي",
    "city_fr": "La Haye",
    "city_es": "La Haya",
    "host_state": "NLD",
    "start_date": D(2021, 11, 15),
    "end_date": D(2021, 11, 19),
    "announced_start_date": None,
    "announced_end_date": None,
    "symbol_prefix": "APLC/MSP.19/2021",
    "final_report_symbol": "",
}

# Paragraph 16: eight plenary meetings, the first on 13 September, the last on 16 September.
# The hours are the usual ones (not in the seed).
BEIRUT_SESSIONS = [
    (number, D(2011, 9, 13 + (number - 1) // 2), datetime.time(10) if number % 2 else datetime.time(15))
    for number in range(1, 9)
]

# (path, English title, Arabic title): path is the numbers from the top level ("10.8.1" = 10(h)(i)).
BEIRUT_AGENDA = [
    ("1", "Official opening of the Meeting", "الافتتاح الرسمي للاجتماع"),
    ("2", "Election of the President of the Meeting", "انتخاب رئيس الاجتماع"),
    ("3", "Adoption of the agenda", "إقرار جدول الأعمال"),
    ("4", "Confirmation of the rules of procedure", "تأكيد النظام الداخلي"),
    ("5", "Election of the Vice-Presidents", "انتخاب نواب الرئيس"),
    ("6", "Confirmation of the Secretary-General of the Meeting", "تأكيد تعيين الأمين العام للاجتماع"),
    ("7", "Adoption of the programme of work", "إقرار برنامج العمل"),
    ("8", "Adoption of the financial arrangements of the Meeting", "إقرار الترتيبات المالية للاجتماع"),
    ("9", "General exchange of views", "تبادل عام للآراء"),
    (
        "10",
        "Review of the status and operation of the Convention and other matters important for achieving its aims",
        "النظر في حالة الاتفاقية وسيرها وفي مسائل أخرى هامة لتحقيق أهدافها",
    ),
    ("10.1", "Universalization", "تحقيق عالمية الاتفاقية"),
    ("10.2", "Victim assistance", "مساعدة الضحايا"),
    ("10.3", "Clearance and risk reduction", "التطهير والحد من المخاطر"),
    ("10.4", "Stockpile destruction and retention", "تدمير المخزونات والاحتفاظ بها"),
    ("10.5", "International cooperation and assistance", "التعاون والمساعدة الدوليان"),
    ("10.6", "Transparency measures", "تدابير الشفافية"),
    ("10.7", "National implementation measures", "تدابير التنفيذ الوطنية"),
    ("10.8", "Implementation support", "دعم التنفيذ"),
    (
        "10.8.1",
        "Implementation structure and intersessional work",
        "هيكل التنفيذ والعمل في الفترات الفاصلة بين الدورات",
    ),
    ("10.8.2", "Establishment of an Implementation Support Unit", "إنشاء وحدة لدعم التنفيذ"),
    (
        "11",
        "Dates, duration and venue of the Third Meeting of States Parties and its financial arrangements",
        "موعد الاجتماع الثالث للدول الأطراف ومدته ومكان انعقاده وترتيباته المالية",
    ),
    ("12", "Any other business", "مسائل أخرى"),
    ("13", "Consideration and adoption of the final document", "النظر في الوثيقة الختامية واعتمادها"),
    ("14", "Closure of the Meeting", "اختتام الاجتماع"),
]

# (symbol, English title, Arabic title, agenda path, distribution)
BEIRUT_DOCUMENTS = [
    ("CCM/MSP/2011/1", "Provisional agenda", "جدول الأعمال المؤقت", "3", "general"),
    ("CCM/MSP/2011/2", "Provisional programme of work", "برنامج العمل المؤقت", "7", "general"),
    ("CCM/MSP/2011/3", "Rules of procedure", "النظام الداخلي", "4", "general"),
    (
        "CCM/MSP/2011/4",
        "Financial arrangements for the Second Meeting of States Parties",
        "الترتيبات المالية للاجتماع الثاني للدول الأطراف",
        "8",
        "general",
    ),
    ("CCM/MSP/2011/WP.1", "Working paper 1", "ورقة العمل 1", "", "general"),
    (
        "CCM/MSP/2011/WP.2",
        "Implementation structure and intersessional work: President's discussion paper",
        "هيكل التنفيذ والعمل في الفترة الفاصلة بين انعقاد الدورات: ورقة مناقشة مقدمة من الرئيس",
        "10.8.1",
        "general",
    ),
    ("CCM/MSP/2011/WP.3", "Working paper 3", "ورقة العمل 3", "", "general"),
    (
        "CCM/MSP/2011/WP.4",
        "Applying all available methodologies to the efficient implementation of Article 4: submitted by Australia",
        "تطبيق جميع المنهجيات المتاحة لتنفيذ المادة 4 تنفيذا يتسم بالكفاءة: ورقة مقدمة من أستراليا",
        "10.3",
        "general",
    ),
    ("CCM/MSP/2011/WP.5", "Working paper 5", "ورقة العمل 5", "", "general"),
    (
        "CCM/MSP/2011/WP.6",
        "Model legislation: Cluster Munitions Act 201[ ]: submitted by New Zealand",
        "تشريع نموذجي: قانون الذخائر العنقودية 201 [ ]: ورقة مقدمة من نيوزيلندا",
        "10.7",
        "general",
    ),
    (
        "CCM/MSP/2011/WP.7",
        "National implementation: checklist of measures States need to take to implement the Convention "
        "on Cluster Munitions: submitted by New Zealand",
        "التنفيذ على الصعيد الوطني: قائمة مرجعية بالتدابير التي يلزم أن تتخذها الدول لتنفيذ اتفاقية الذخائر العنقودية: "
        "ورقة مقدمة من نيوزيلندا",
        "10.7",
        "general",
    ),
    ("CCM/MSP/2011/WP.8", "Working paper 8", "ورقة العمل 8", "", "general"),
    (
        "CCM/MSP/2011/WP.9",
        "Directive to the Implementation Support Unit",
        "المبدأ التوجيهي الصادر إلى وحدة دعم التنفيذ",
        "10.8.2",
        "general",
    ),
    ("CCM/MSP/2011/CRP.1", "Draft final document", "مشروع الوثيقة الختامية", "13", "limited"),
    (
        "CCM/MSP/2011/CRP.2",
        "Financial arrangements for the Third Meeting of States Parties",
        "الترتيبات المالية للاجتماع الثالث للدول الأطراف",
        "11",
        "limited",
    ),
]

# Paragraphs 8-11, as printed (names of 2011).
BEIRUT_STATES_AR = {
    8: "إسبانيا، وإكوادور، وألبانيا، وألمانيا، وأوروغواي، وأيرلندا، والبرتغال، وبلجيكا، وبوركينا فاسو، وبوروندي، "
    "والبوسنة والهرسك، وتونس، والجبل الأسود، وجزر القمر، وجمهورية لاو الديمقراطية الشعبية، وجمهورية مقدونيا "
    "اليوغوسلافية السابقة، وجمهورية مولدوفا، والدانمرك، والرأس الأخضر، وزامبيا، والسلفادور، وسلوفينيا، وسيراليون، "
    "وشيلي، وغانا، وغواتيمالا، وغينيا - بيساو، وفرنسا، وفيجي، والكرسي الرسولي، وكرواتيا، ولبنان، ولكسمبرغ، وليسوتو، "
    "وليتوانيا، ومالطة، ومالي، والمكسيك، والمملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية، وموزامبيق، والنرويج، "
    "والنمسا، والنيجر، ونيوزيلندا، وهولندا، واليابان",
    9: "أفغانستان، وبلغاريا، والسنغال، وسوازيلند، وغرينادا، وكوستاريكا",
    10: "أستراليا، وإندونيسيا، وأنغولا، وأوغندا، وإيطاليا، وباراغواي، وبالاو، وبيرو، وتشاد، وتوغو، وجمهورية أفريقيا "
    "الوسطى، والجمهورية التشيكية، وجمهورية تنزانيا المتحدة، وجمهورية الكونغو الديمقراطية، وجنوب أفريقيا، وجيبوتي، "
    "والسويد، وسويسرا، والصومال، والعراق، وغامبيا، وغينيا، والفلبين، وقبرص، والكاميرون، وكندا، وكوت ديفوار، "
    "وكولومبيا، والكونغو، وكينيا، وليبريا، ومدغشقر، وموريتانيا، وناميبيا، وناورو، ونيجيريا، وهندوراس، وهنغاريا",
    11: "الأرجنتين، والأردن، وأرمينيا، وإريتريا، والإمارات العربية المتحدة، وأوكرانيا، وإيران (جمهورية - الإسلامية)، "
    "والبرازيل، وبولندا، وتايلند، وتركيا، وتيمور - ليشتي، وجزر سليمان، والجمهورية العربية السورية، وجنوب السودان، "
    "ورومانيا، وزمبابوي، وسري لانكا، وسلوفاكيا، والسودان، وسورينام، وصربيا، والصين، وطاجيكستان، وعمان، وغابون، "
    "وفلسطين، وفنزويلا (جمهورية - البوليفارية)، وفنلندا، وفييت نام، وقطر، وكازاخستان، وكمبوديا، وكوبا، والكويت، "
    "وكيريباتي، وماليزيا، ومصر، والمغرب، والمملكة العربية السعودية، واليمن",
}

# Paragraphs 12-14, in the report's order (acronyms of secretariat/data/organisations.csv).
BEIRUT_ORGANISATIONS = [
    "UNICEF",
    "UNDP",
    "UNMAS",
    "UNODA",
    "UNRCO-LB",
    "UNSCOL",
    "ICRC",
    "IFRC",
    "GICHD",
    "CMC",
]
BEIRUT_ORGANISATIONS += ["EU", "LAS", "ITF", "CISR-JMU", "MPDL", "PEACE-SOLDIERS"]

PEOPLE = {
    "mansour": {
        "honorific": "Mr.", "given_name": "Adnan", "family_name": "Mansour", "name_ar": "عدنان منصور",
        "title_en": "Minister for Foreign Affairs and Emigrants of Lebanon", "title_ar": "وزير الخارجية والمغتربين في لبنان",
        "state": "LBN",
    },
    "riachi": {
        "honorific": "Ms.", "given_name": "Najla", "family_name": "Riachi Assaker", "name_ar": "نجلا رياشي عساكر",
        "title_en": "Permanent Representative of Lebanon to the United Nations Office at Geneva",
        "title_ar": "الممثلة الدائمة للبنان لدى الأمم المتحدة في جنيف", "state": "LBN",
    },
    "kolarov": {
        "honorific": "Mr.", "given_name": "Peter", "family_name": "Kolarov", "name_ar": "بيتر كولاروف",
        "title_en": "Office for Disarmament Affairs, Geneva Branch", "title_ar": "مكتب شؤون نزع السلاح، فرع جنيف", "state": None,
    },
    "kongstad": {
        "honorific": "Ambassador", "given_name": "Steffen", "family_name": "Kongstad", "name_ar": "ستيفن كونغستاد",
        "title_en": "Permanent Representative of Norway to the United Nations Office and other international organizations at Geneva",
        "title_ar": "الممثل الدائم للنرويج لدى مكتب الأمم المتحدة والمنظمات الدولية الأخرى في جنيف", "state": "NOR",
    },
}  # fmt: skip

# Paragraph 16: friends of the President, with their subjects; then five without one.
FRIENDS = [
    ("AUS", "Clearance", "التطهير"),
    ("DEU", "Stockpile destruction", "تدمير المخزونات"),
    ("IRL", "Rules of procedure", "الإجراءات الواجبة التطبيق"),
    ("BEL", "Transparency reports", "تقارير الشفافية"),
    ("ZAF", "Cooperation and assistance", "التعاون والمساعدة"),
    ("CAN", "Action plan and implementation structure", "خطة العمل وهيكل التنفيذ"),
    ("MEX", "Establishment of an Implementation Support Unit", "إنشاء وحدة دعم التنفيذ"),
    ("AUT", "Victim assistance", "مساعدة الضحايا"),
    ("NOR", "Implementation of the Vientiane Action Plan", "تنفيذ خطة عمل فينتيان"),
    ("NZL", "National implementation measures", "تدابير التنفيذ الوطنية"),
    ("JPN", "Universalization", "تحقيق عالمية الاتفاقية"),
    ("IDN", "", ""),
    ("ZMB", "", ""),
    ("SVN", "", ""),
    ("CHL", "", ""),
    ("HRV", "", ""),
]
VICE_PRESIDENTS = ["LAO", "GHA", "GTM", "FRA"]  # paragraph 17

# Paragraph 28: (item, role, English subject, Arabic subject, [(State, last year of the term)]).
COORDINATORS = [
    ("working_group_coordinator", "General status and operation of the Convention", "الحالة العامة للاتفاقية وسيرها", [("VAT", 2012), ("ZMB", 2013)]),
    ("working_group_coordinator", "Universalization", "تحقيق عالمية الاتفاقية", [("JPN", 2012), ("PRT", 2013)]),
    ("working_group_coordinator", "Victim assistance", "مساعدة الضحايا", [("AUT", 2012), ("BIH", 2013)]),
    ("working_group_coordinator", "Clearance and risk reduction", "التطهير والحد من المخاطر", [("LAO", 2012), ("IRL", 2013)]),
    ("working_group_coordinator", "Stockpile destruction and retention", "تدمير المخزونات والاحتفاظ بها", [("DEU", 2012), ("HRV", 2013)]),
    ("working_group_coordinator", "Cooperation and assistance", "التعاون والمساعدة", [("ESP", 2012), ("MEX", 2013)]),
    ("thematic_coordinator", "Reporting", "تقديم التقارير", [("BEL", 2013)]),
    ("thematic_coordinator", "National implementation measures", "تدابير التنفيذ الوطنية", [("NZL", 2013)]),
]  # fmt: skip
