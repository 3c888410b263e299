"""Chapter IV of the Beirut final document (seeds/003, paragraphs 22-33).

The Arabic is the seed's text; the English is a translation made for the demo, not the UN's
English original. Items: (English, Arabic, sub-items [(English, Arabic)], closing English, closing Arabic,
coordinators key or None). A coordinators key "COORD:<n>" links the item to the n-th entry of
demo_data.COORDINATORS (its first State's mandate).
"""

I = dict  # noqa: E741 - short constructor for the item rows below

BEIRUT_DECISIONS = [
    {
        "number": 22, "kind": "welcomed",
        "text_en": "Recognising the value of States Parties using the full range of practical methods to release, with a high "
        "level of confidence, areas suspected of containing cluster munition remnants, the Meeting warmly welcomed the paper "
        "presented by Australia on “Applying all available methodologies to the efficient implementation of Article 4”, "
        "contained in document CCM/MSP/2011/WP.4, and agreed to encourage States Parties, as appropriate, to apply the "
        "recommendations contained therein.",
        "text_ar": "اعترافا بقيمة أن تستعين الدول الأطراف بمجمل الأساليب العملية التي تتيح، بمستوى عال من الثقة، إبراء المناطق "
        "التي يشتبه في احتوائها على مخلفات من الذخائر العنقودية، رحب الاجتماع ترحيبا حارا بالورقة المقدمة من أستراليا بشأن "
        "”تطبيق جميع المنهجيات المتاحة لتنفيذ المادة 4 تنفيذا يتسم بالكفاءة“، الواردة في الوثيقة CCM/MSP/2011/WP.4، واتفق "
        "على تشجيع الدول الأطراف، حسب الاقتضاء، على تنفيذ التوصيات الواردة فيها.",
    },
    {
        "number": 23, "kind": "welcomed",
        "text_en": "The Meeting recalled the obligations contained in Article 9 of the Convention and hence the imperative of "
        "taking legal, administrative and other measures for the effective implementation of the Convention on Cluster "
        "Munitions, as appropriate, and warmly welcomed the papers presented by New Zealand on “Model legislation: Cluster "
        "Munitions Act 201[ ]”, contained in document CCM/MSP/2011/WP.6, and on “National implementation: checklist of "
        "measures States need to take to implement the Convention on Cluster Munitions”, contained in document "
        "CCM/MSP/2011/WP.7, and agreed to encourage States Parties, as appropriate, to make use of them.",
        "text_ar": "وذَكَّر الاجتماع بالالتزامات الواردة في المادة 9 من الاتفاقية، وذَكَّر أيضا من ثم بحتمية اتخاذ تدابير قانونية "
        "وإدارية وتدابير أخرى من أجل التنفيذ الكفء لاتفاقية الذخائر العنقودية، حسب الاقتضاء، ورحب ترحيبا حارا بالورقتين "
        "المقدمتين من نيوزيلندا بشأن ”تشريع نموذجي: قانون الذخائر العنقودية 201 [ ]“، الواردة في الوثيقة CCM/MSP/2011/WP.6، "
        "وبشأن ’’التنفيذ على الصعيد الوطني: قائمة مرجعية بالتدابير التي يلزم أن تتخذها الدول لتنفيذ اتفاقية الذخائر "
        "العنقودية‘‘، الواردة في الوثيقة CCM/MSP/2011/WP.7، واتفق على تشجيع الدول الأطراف، حسب الاقتضاء، على الاستعانة بهما.",
    },
    {
        "number": 24, "kind": "noted",
        "text_en": "The Meeting took note of the views expressed on progress in implementing the Vientiane Action Plan and on "
        "the “Beirut Progress Report: monitoring progress in implementing the Vientiane Action Plan from the First to the "
        "Second Meeting of States Parties”. The Meeting was encouraged by the progress made in implementing the Vientiane "
        "Declaration, as set out in the Beirut Progress Report, and warmly welcomed the report, contained in annex II.",
        "text_ar": "وأحاط الاجتماع علما بالآراء التي أبديت بشأن التقدم المحرز في تنفيذ خطة عمل فينتيان، وبشأن ”تقرير بيروت "
        "المرحلي: رصد التقدم المحرز في تنفيذ خطة عمل فينتيان من الاجتماع الأول حتى الاجتماع الثاني للدول الأطراف“. وكان "
        "التقدم المحرز في تنفيذ إعلان فينتيان، على النحو المبين في تقرير بيروت المرحلي، مشجعا للاجتماع الذي رحب ترحيبا حارا "
        "بالتقرير، الوارد نصه في المرفق الثاني.",
    },
    {
        "number": 25, "kind": "decided",
        "text_en": "At its final plenary meeting, held on 16 September 2011, the Meeting adopted by acclamation the 2011 Beirut "
        "Declaration, as contained in annex I.",
        "text_ar": "وفي الجلسة العامة الأخيرة، المعقودة في 16 أيلول/سبتمبر 2011، اعتمد الاجتماع بالتزكية إعلان بيروت لعام 2011، "
        "على النحو الوارد في المرفق الأول.",
    },
    {
        "number": 26, "kind": "welcomed",
        "text_en": "At the same plenary meeting, the Meeting welcomed the President's discussion paper on “Implementation "
        "structure and intersessional work”, contained in document CCM/MSP/2011/WP.2. The discussion paper summarised the "
        "background and outcome of the informal discussions held since the First Meeting of States Parties and compiled the "
        "recommendations and proposals made for consideration by the States Parties at the Second Meeting.",
        "text_ar": "وفي الجلسة العامة نفسها، رحب الاجتماع بورقة المناقشة المقدمة من الرئيس بشأن ”هيكل التنفيذ والعمل في الفترة "
        "الفاصلة بين انعقاد الدورات“، الواردة في الوثيقة CCM/MSP/2011/WP.2. وتضمنت ورقة المناقشة عرضا موجزا لخلفية ونتيجة "
        "المناقشات غير الرسمية التي عقدت منذ الاجتماع الأول للدول الأطراف، وتجميعا للتوصيات والاقتراحات التي طرحت كي تنظر "
        "فيها الدول الأطراف إبان الاجتماع الثاني.",
    },
    {
        "number": 27, "kind": "decided",
        "text_en": "On the basis of the proposals submitted for consideration, the States Parties decided:",
        "text_ar": "واستنادا إلى الاقتراحات المقدمة للنظر فيها، قررت الدول الأطراف ما يلي:",
        "items": [
            I(en="To convene annually, subject to review by the First Review Conference, informal intersessional meetings in "
              "Geneva in the first half of the year, for up to five days;",
              ar="الدعوة سنويا، رهنا بالاستعراض الذي سيجريه المؤتمر الاستعراضي الأول، إلى عقد اجتماعات غير رسمية فيما بين "
              "الدورات بجنيف في النصف الأول من السنة، لمدة تصل إلى خمسة أيام؛"),
            I(en="To convene an informal intersessional meeting for 2012 at the World Meteorological Organization in Geneva "
              "from 16 to 19 April 2012. The Meeting decided that the informal intersessional meeting would work in English, "
              "French and Spanish, supported by voluntary funding;",
              ar="الدعوة إلى عقد اجتماع غير رسمي فيما بين الدورات لعام 2012 في المنظمة العالمية للأرصاد الجوية بجنيف في الفترة "
              "من 16 إلى 19 نيسان/أبريل 2012. وقرر الاجتماع أن يباشر الاجتماع غير الرسمي فيما بين الدورات أعماله بالإسبانية "
              "والإنكليزية والفرنسية، بدعم من تمويل طوعي؛"),
            I(en="To establish working groups on:", ar="إنشاء أفرقة عاملة بشأن ما يلي:",
              sub=[("The general status and operation of the Convention;", "الحالة العامة للاتفاقية وسيرها؛"),
                   ("Universalization;", "تحقيق عالمية الاتفاقية؛"),
                   ("Victim assistance;", "مساعدة الضحايا؛"),
                   ("Clearance and risk reduction;", "التطهير والحد من المخاطر؛"),
                   ("Stockpile destruction and retention;", "تدمير المخزونات والاحتفاظ بها؛"),
                   ("Cooperation and assistance;", "التعاون والمساعدة؛")],
              closing_en="with each working group led by one or two coordinators from among the States Parties;",
              closing_ar="مع إسناد قيادة كل فريق عامل إلى منسق واحد أو منسقين اثنين من الدول الأطراف في الاتفاقية؛"),
            I(en="In addition to the coordinators of the working groups, to select a coordinator to lead each of the "
              "following two thematic areas:",
              ar="بالإضافة إلى منسقي الأفرقة العاملة، اختيار منسق لقيادة كل مجال من المجالين المواضيعيين التاليين:",
              sub=[("Reporting;", "تقديم التقارير؛"), ("National implementation measures;", "تدابير التنفيذ الوطنية؛")]),
            I(en="To establish the Coordinating Committee referred to in the discussion paper, chaired by the President of "
              "the Meeting of States Parties.",
              ar="إنشاء لجنة التنسيق المشار إليها في ورقة المناقشة، برئاسة رئيس اجتماع الدول الأطراف."),
        ],
    },
    {
        "number": 28, "kind": "appointment",
        "text_en": "At the same plenary meeting, the Meeting welcomed the appointment of the following coordinators, who will "
        "lead the intersessional work programme:",
        "text_ar": "وفي الجلسة العامة نفسها، رحب الاجتماع بتعيين المنسقين التاليين الذين سيوجهون برنامج العمل بين الدورات:",
        "closing_en": "It was further decided that the coordinators of the working groups, in carrying out their work, shall "
        "explore, as far as possible, opportunities for practical cooperation with relevant bodies and actors in the context "
        "of the intersessional work programme of the Convention on Cluster Munitions, with a view to results-oriented, "
        "practical, cost-effective and efficient working methods.",
        "closing_ar": "وتقرر أيضا أن يحرص منسقو الأفرقة العاملة، لدى القيام بأعمالهم، على أن يستكشفوا، بقدر الإمكان، فرص "
        "التعاون العملي مع الهيئات والجهات ذات الصلة، في سياق برنامج عمل اتفاقية الذخائر العنقودية لما بين الدورات، بغية "
        "اتباع أساليب عمل مثلى موجهة نحو تحقيق النتائج ومتسمة بالطابع العملي وبفعالية التكاليف وبالكفاءة.",
        "items": [
            I(en="Working group on the general status and operation of the Convention: in 2012 (Holy See), in 2012 and 2013 (Zambia);",
              ar="الفريق العامل المعني بالحالة العامة للاتفاقية وسيرها - في عام 2012 (الكرسي الرسولي)، وفي عامي 2012 و 2013 (زامبيا)؛",
              mandate="COORD:0"),
            I(en="Working group on universalization: in 2012 (Japan), in 2012 and 2013 (Portugal);",
              ar="الفريق العامل المعني بتحقيق عالمية الاتفاقية - في عام 2012 (اليابان)، وفي عامي 2012 و 2013 (البرتغال)؛",
              mandate="COORD:1"),
            I(en="Working group on victim assistance: in 2012 (Austria), in 2012 and 2013 (Bosnia and Herzegovina);",
              ar="الفريق العامل المعني بمساعدة الضحايا - في عام 2012 (النمسا)، وفي عامي 2012 و 2013 (البوسنة والهرسك)؛",
              mandate="COORD:2"),
            I(en="Working group on clearance and risk reduction: in 2012 (Lao People's Democratic Republic), in 2012 and 2013 (Ireland);",
              ar="الفريق العامل المعني بالتطهير والحد من المخاطر - في عام 2012 (جمهورية لاو الديمقراطية الشعبية)، وفي عامي 2012 و 2013 (أيرلندا)؛",
              mandate="COORD:3"),
            I(en="Working group on stockpile destruction and retention: in 2012 (Germany), in 2012 and 2013 (Croatia);",
              ar="الفريق العامل المعني بتدمير المخزونات والاحتفاظ بها - في عام 2012 (ألمانيا)، وفي عامي 2012 و 2013 (كرواتيا)؛",
              mandate="COORD:4"),
            I(en="Working group on cooperation and assistance: in 2012 (Spain), in 2012 and 2013 (Mexico);",
              ar="الفريق العامل المعني بالتعاون والمساعدة - في عام 2012 (إسبانيا) وفي عامي 2012 و 2013 (المكسيك)؛",
              mandate="COORD:5"),
            I(en="Reporting: in 2012 and 2013 (Belgium);", ar="تقديم التقارير - في عامي 2012 و 2013 (بلجيكا)؛", mandate="COORD:6"),
            I(en="National implementation measures: in 2012 and 2013 (New Zealand).",
              ar="تدابير التنفيذ الوطنية - في عامي 2012 و 2013 (نيوزيلندا).", mandate="COORD:7"),
        ],
    },
    {
        "number": 29, "kind": "decided",
        "text_en": "At the same plenary meeting, the Meeting decided to mandate the President to negotiate, in consultation with "
        "the States Parties, an agreement with the Geneva International Centre for Humanitarian Demining on hosting the "
        "Implementation Support Unit, and a financing model, and to present these proposals to the States Parties for "
        "approval. In this regard, the Meeting further decided:",
        "text_ar": "وفي الجلسة العامة نفسها، قرر الاجتماع تكليف الرئيس بأن يتفاوض، بالتشاور مع الدول الأطراف، بشأن عقد اتفاق مع "
        "مركز جنيف الدولي لإزالة الألغام للأغراض الإنسانية لاستضافة وحدة دعم التنفيذ، وبشأن نموذج للتمويل، وأن يقدم هذه "
        "الاقتراحات إلى الدول الأطراف للموافقة عليها. وفي هذا الصدد، قرر الاجتماع كذلك ما يلي:",
        "items": [
            I(en="To establish as soon as possible, and preferably no later than the Third Meeting of States Parties, an "
              "Implementation Support Unit hosted by the Geneva International Centre for Humanitarian Demining and led by a "
              "Director. Although hosted by the Centre, the Unit shall be independent and not formally linked to any other "
              "implementation support unit. The President shall decide in a transparent manner, in consultation with the "
              "coordinators and taking into account the views of the States Parties, on the selection of the Director. The "
              "Unit shall seek cooperation with relevant bodies and actors to promote inclusiveness and practical "
              "cooperation as well as effectiveness and efficiency. The Director shall submit an annual work plan and budget "
              "to the States Parties and report to them on the activities and finances of the Unit;",
              ar="القيام في أقرب وقت ممكن، ويفضل ألا يتأخر ذلك عن الاجتماع الثالث للدول الأطراف، بإنشاء وحدة لدعم التنفيذ "
              "يستضيفها مركز جنيف الدولي لإزالة الألغام للأغراض الإنسانية ويقودها مدير. وعلى الرغم من استضافة وحدة دعم "
              "التنفيذ من جانب مركز جنيف الدولي لإزالة الألغام للأغراض الإنسانية، فإنها تكون مستقلة وغير مرتبطة رسميا بأي "
              "وحدة أخرى لدعم التنفيذ. ويقرر الرئيس بطريقة شفافة، بالتشاور مع المنسقين ومراعاة آراء الدول الأطراف، اختيار "
              "المدير. وتسعى وحدة دعم التنفيذ إلى التعاون مع الهيئات والجهات ذات الصلة من أجل تعزيز الشمول والتعاون العملي "
              "فضلا عن الفعالية والكفاءة. ويقدم المدير إلى الدول الأطراف خطة عمل وميزانية سنويتين، ويقدم تقريرا إلى الدول "
              "الأطراف عن أنشطة وحدة دعم التنفيذ وماليتها؛"),
            I(en="That the Implementation Support Unit shall base its work on the principles of independence, inclusiveness, "
              "transparency, accountability to the States Parties, efficiency and effectiveness;",
              ar="استناد وحدة دعم التنفيذ، في قيامها بعملها، إلى مبادئ الاستقلال، والشمول، والشفافية، والمساءلة أمام الدول "
              "الأطراف، والكفاءة، والفعالية؛"),
            I(en="To adopt the directive to the Implementation Support Unit, contained in document CCM/MSP/2011/WP.9, which "
              "describes its tasks and responsibilities;",
              ar="اعتماد المبدأ التوجيهي الصادر إلى وحدة دعم التنفيذ، الوارد في الوثيقة CCM/MSP/2011/WP.9، والذي يصف مهامها "
              "ومسؤولياتها؛"),
            I(en="To mandate the President to negotiate, in consultation with the States Parties, an agreement between the "
              "States Parties and the Geneva International Centre for Humanitarian Demining on hosting the Implementation "
              "Support Unit, reflecting the directive to the Unit, to be presented to the States Parties for approval;",
              ar="تكليف الرئيس بأن يتفاوض، بالتشاور مع الدول الأطراف، بشأن عقد اتفاق بين الدول الأطراف ومركز جنيف الدولي "
              "لإزالة الألغام للأغراض الإنسانية لاستضافة وحدة دعم التنفيذ، يعبر عن التوجيه الصادر إلى الوحدة، ويُعرض على "
              "الدول الأطراف للموافقة عليه؛"),
            I(en="To mandate the President to develop, in consultation with the States Parties and subject to their approval, "
              "a financial model to cover the costs of the activities of the Implementation Support Unit;",
              ar="تكليف الرئيس بأن يضع، بالتشاور مع الدول الأطراف ورهنا بموافقتها، نموذجا ماليا لتغطية تكاليف أنشطة وحدة دعم "
              "التنفيذ؛"),
            I(en="To ensure efficient and effective interim support for the implementation of the Convention by strengthening "
              "the current interim solution, relying on the Executive Coordinator based in the Bureau for Crisis Prevention "
              "and Recovery of the United Nations Development Programme, guided by the directive and supported in certain "
              "tasks by the Geneva International Centre for Humanitarian Demining, so as to ensure an effective and efficient "
              "transition to the Implementation Support Unit.",
              ar="ضمان تقديم دعم مؤقت كفء وفعال لتنفيذ الاتفاقية عن طريق تعزيز الحل المؤقت الحالي الذي يعتمد على المنسقة "
              "التنفيذية التي يوجد مقرها في مكتب منع الأزمات والتعافي منها، التابع لبرنامج الأمم المتحدة الإنمائي، والتي "
              "تسترشد بالمبدأ التوجيهي ويساندها في أداء مهام معينة مركز جنيف الدولي لإزالة الألغام للأغراض الإنسانية، وذلك "
              "لكفالة الانتقال بفعالية وكفاءة إلى وحدة دعم التنفيذ."),
        ],
    },
    {
        "number": 30, "kind": "welcomed",
        "text_en": "The Meeting welcomed the reappointment by the President of Ms. Sara Sekkenes, of the Bureau for Crisis "
        "Prevention and Recovery of the United Nations Development Programme, as Executive Coordinator to assist the President.",
        "text_ar": "ورحب الاجتماع بقيام الرئيس بإعادة تعيين السيدة سارا سيكينيس، من مكتب منع الأزمات والتعافي منها ببرنامج الأمم "
        "المتحدة الإنمائي، منسقةً تنفيذية لمعاونة الرئيس.",
    },
    {
        "number": 31, "kind": "next_meeting", "mandate": "PRESIDENT_3MSP",
        "text_en": "At the same plenary meeting, the Meeting decided to designate Ambassador Steffen Kongstad, Permanent "
        "Representative of Norway to the United Nations Office and other international organizations at Geneva, as President "
        "of the Third Meeting of States Parties, and further decided to hold the Third Meeting of States Parties for up to four "
        "days during the week of 10 to 14 September 2012 in Norway.",
        "text_ar": "وفي الجلسة العامة نفسها، قرر الاجتماع تسمية السفير ستيفن كونغستاد، الممثل الدائم للنرويج لدى مكتب الأمم المتحدة "
        "والمنظمات الدولية الأخرى في جنيف، رئيسا للاجتماع الثالث للدول الأطراف، وقرر أيضا عقد الاجتماع الثالث للدول الأطراف "
        "لمدة تصل إلى أربعة أيام خلال الأسبوع الممتد من 10 إلى 14 أيلول/سبتمبر 2012 في النرويج.",
    },
    {
        "number": 32, "kind": "budget",
        "text_en": "The Meeting considered the financial arrangements for the Third Meeting of States Parties, contained in "
        "document CCM/MSP/2011/CRP.2, and recommended them for adoption by the Third Meeting.",
        "text_ar": "ونظر الاجتماع في الترتيبات المالية للاجتماع الثالث للدول الأطراف، الواردة في الوثيقة CCM/MSP/2011/CRP.2، "
        "وأوصى الاجتماع الثالث باعتمادها.",
    },
    {
        "number": 33, "kind": "other",
        "text_en": "At the same plenary meeting, held on 16 September 2011, the Second Meeting of States Parties adopted its "
        "final document, contained in document CCM/MSP/2011/CRP.1, as orally amended.",
        "text_ar": "وفي الجلسة العامة نفسها، المعقودة في 16 أيلول/سبتمبر 2011، اعتمد الاجتماع الثاني للدول الأطراف وثيقته "
        "الختامية، الواردة في الوثيقة CCM/MSP/2011/CRP.1، بصيغتها المعدلة.",
    },
]  # fmt: skip
