"""Invented-people name pools per nationality, with original scripts and the spellings registrars use.

Each entry is (variants in Latin script, original script or ""). The first variant
is the most common spelling; registrars pick others. No entry is a real person:
names are drawn independently and combined at random.
"""

# Arabic-script names shared across Sudan, Syria, Egypt, Tunisia (and Somali/Afghan use of some).
ARABIC_MALE = [
    (["Mohamed", "Mohammed", "Muhammad", "Mohammad", "Mohamad"], "محمد"),
    (["Ahmed", "Ahmad", "Ahmet"], "أحمد"),
    (["Abdelrahman", "Abdulrahman", "Abdul Rahman", "Abderrahmane"], "عبد الرحمن"),
    (["Omar", "Umar", "Omer"], "عمر"),
    (["Ali", "Aly"], "علي"),
    (["Hassan", "Hasan"], "حسن"),
    (["Hussein", "Hussain", "Houssein", "Husein"], "حسين"),
    (["Youssef", "Yousef", "Yusuf", "Youcef"], "يوسف"),
    (["Ibrahim", "Ebrahim", "Brahim"], "إبراهيم"),
    (["Khaled", "Khalid"], "خالد"),
    (["Mahmoud", "Mahmud", "Mahmood"], "محمود"),
    (["Abdallah", "Abdullah", "Abdalla"], "عبد الله"),
    (["Osman", "Othman", "Usman"], "عثمان"),
    (["Mustafa", "Moustafa", "Mostafa"], "مصطفى"),
    (["Adam", "Adem"], "آدم"),
    (["Yassin", "Yasin", "Yaseen"], "ياسين"),
    (["Bilal", "Belal"], "بلال"),
    (["Tarek", "Tariq", "Tarik"], "طارق"),
    (["Karim", "Kareem"], "كريم"),
    (["Salah", "Salaah"], "صلاح"),
]
ARABIC_FEMALE = [
    (["Fatima", "Fatma", "Fatouma"], "فاطمة"),
    (["Aisha", "Aicha", "Ayesha"], "عائشة"),
    (["Mariam", "Maryam", "Meryem"], "مريم"),
    (["Amina", "Aminah"], "أمينة"),
    (["Khadija", "Khadidja", "Khadeeja"], "خديجة"),
    (["Zainab", "Zeinab", "Zaynab"], "زينب"),
    (["Huda", "Hoda"], "هدى"),
    (["Nour", "Noor", "Nur"], "نور"),
    (["Salma", "Selma"], "سلمى"),
    (["Rania", "Ranya"], "رانيا"),
    (["Hawa", "Hawwa"], "حواء"),
    (["Layla", "Leila", "Laila"], "ليلى"),
]
ARABIC_FAMILY = [
    (["Al-Ahmad", "Alahmad", "El Ahmad"], "الأحمد"),
    (["Haddad", "Hadad"], "حداد"),
    (["Khalil", "Khaleel"], "خليل"),
    (["Nasser", "Nasr", "Naser"], "ناصر"),
    (["Saleh", "Salih"], "صالح"),
    (["Ben Ali", "Benali"], "بن علي"),
    (["Trabelsi", "Trabelssi"], "الطرابلسي"),
    (["Mansour", "Mansur"], "منصور"),
    (["Hamdan", "Hamdane"], "حمدان"),
    (["Darwish", "Darwich", "Derviş"], "درويش"),
]
SOMALI_MALE = [
    (["Mohamed", "Maxamed", "Mohammed", "Mahamed"], ""),
    (["Abdirahman", "Cabdiraxmaan", "Abdurahman", "Abdirahmaan"], ""),
    (["Abdullahi", "Cabdullaahi", "Abdulahi"], ""),
    (["Ahmed", "Axmed", "Ahmad"], ""),
    (["Hassan", "Xasan", "Hasan"], ""),
    (["Ali", "Cali"], ""),
    (["Omar", "Cumar", "Umar"], ""),
    (["Abdi", "Cabdi"], ""),
    (["Yusuf", "Yuusuf", "Yousuf"], ""),
    (["Ismail", "Ismaaciil", "Ismael"], ""),
]
SOMALI_FEMALE = [
    (["Fadumo", "Faadumo", "Fatuma"], ""),
    (["Asha", "Caasha", "Aisha"], ""),
    (["Hodan", "Hoodan"], ""),
    (["Sahra", "Saxra", "Sahro"], ""),
    (["Ayan", "Ayaan"], ""),
    (["Hawa", "Xaawo", "Hawo"], ""),
]
TIGRINYA_MALE = [
    (["Yohannes", "Yohanes", "Yohannis"], "ዮሐንስ"),
    (["Tesfaye", "Tesfay", "Tesfai"], "ተስፋዬ"),
    (["Dawit", "Dawitt", "Dawid"], "ዳዊት"),
    (["Filmon", "Filemon", "Philimon"], "ፍልሞን"),
    (["Mebrahtu", "Mibrahtu"], "መብራህቱ"),
    (["Samuel", "Samiel"], "ሳሙኤል"),
    (["Tekle", "Teklay", "Tekley"], "ተክለ"),
    (["Habtom", "Habtu"], "ሃብቶም"),
    (["Kidane", "Kidanie"], "ኪዳነ"),
    (["Berhane", "Birhane", "Berhani"], "ብርሃነ"),
    (["Gebremedhin", "Gebre Medhin", "Ghebremedhin"], "ገብረመድህን"),
    (["Abraham", "Abrham"], "ኣብርሃም"),
]
TIGRINYA_FEMALE = [
    (["Senait", "Senayt", "Seniat"], "ሰናይት"),
    (["Helen", "Hellen"], "ሄለን"),
    (["Mehret", "Mihret", "Meheret"], "ምሕረት"),
    (["Selam", "Salam"], "ሰላም"),
    (["Winta", "Wintta"], "ዊንታ"),
    (["Eden", "Edin"], "ኤደን"),
    (["Feven", "Fiven"], "ፌቨን"),
    (["Luwam", "Luam"], "ሉዋም"),
]
AMHARIC_MALE = [
    (["Getachew", "Getachewu"], "ጌታቸው"),
    (["Alemayehu", "Alemayehou"], "አለማየሁ"),
    (["Tadesse", "Tadese", "Taddese"], "ታደሰ"),
    (["Mulugeta", "Mulugetta"], "ሙሉጌታ"),
    (["Bekele", "Beqele"], "በቀለ"),
    (["Girma", "Ghirma"], "ግርማ"),
    (["Solomon", "Selomon"], "ሰሎሞን"),
    (["Yonas", "Yunus"], "ዮናስ"),
]
AMHARIC_FEMALE = [
    (["Tigist", "Tigest"], "ትዕግስት"),
    (["Almaz", "Almaze"], "አልማዝ"),
    (["Meseret", "Meserett"], "መሰረት"),
    (["Hiwot", "Hiwet"], "ሕይወት"),
    (["Bethlehem", "Betelhem", "Bethelhem"], "ቤተልሔም"),
]
DARI_MALE = [
    (["Ahmad", "Ahmed"], "احمد"),
    (["Mohammad", "Mohammed", "Muhammad"], "محمد"),
    (["Ali", "Aly"], "علی"),
    (["Hamid", "Hameed"], "حمید"),
    (["Naveed", "Navid"], "نوید"),
    (["Rahmatullah", "Rahmatulla"], "رحمت الله"),
    (["Jawad", "Javad"], "جواد"),
    (["Farid", "Fareed"], "فرید"),
    (["Sayed", "Sayyid", "Said"], "سید"),
    (["Zabihullah", "Zabiullah"], "ذبیح الله"),
]
DARI_FEMALE = [
    (["Fatima", "Fatema"], "فاطمه"),
    (["Zahra", "Zohra"], "زهرا"),
    (["Maryam", "Mariam"], "مریم"),
    (["Parisa", "Parissa"], "پریسا"),
    (["Marzia", "Marziya"], "مرضیه"),
]
DARI_FAMILY = [
    (["Ahmadi", "Ahmady"], "احمدی"),
    (["Rahimi", "Rahimy"], "رحیمی"),
    (["Hashimi", "Hashemi"], "هاشمی"),
    (["Karimi", "Karimy"], "کریمی"),
    (["Noori", "Nouri", "Nuri"], "نوری"),
    (["Hussaini", "Hosseini", "Husseini"], "حسینی"),
    (["Sultani", "Soltani"], "سلطانی"),
]
BENGALI_MALE = [
    (["Mohammad", "Mohammed", "Md."], "মোহাম্মদ"),
    (["Rahim", "Rahem"], "রহিম"),
    (["Karim", "Korim"], "করিম"),
    (["Jahid", "Zahid"], "জাহিদ"),
    (["Shakil", "Shakeel"], "শাকিল"),
    (["Rafiq", "Rafik", "Rofiq"], "রফিক"),
    (["Habib", "Hobib"], "হাবিব"),
]
BENGALI_FEMALE = [
    (["Nasrin", "Nasreen"], "নাসরিন"),
    (["Shirin", "Shireen"], "শিরিন"),
    (["Rokeya", "Rokeia"], "রোকেয়া"),
]
BENGALI_FAMILY = [
    (["Hossain", "Hussain", "Hosen"], "হোসেন"),
    (["Islam", "Eslam"], "ইসলাম"),
    (["Rahman", "Rohman"], "রহমান"),
    (["Uddin", "Udin"], "উদ্দিন"),
    (["Miah", "Mia", "Miya"], "মিয়া"),
    (["Akter", "Akhter", "Aktar"], "আক্তার"),
]
WEST_AFRICA_MALE = [
    (["Mamadou", "Mamadu", "Mammadou"], ""),
    (["Ousmane", "Usman", "Osmane"], ""),
    (["Ibrahima", "Ibrahim", "Brahima"], ""),
    (["Moussa", "Musa", "Mousa"], ""),
    (["Abdoulaye", "Abdulai", "Abdoulay"], ""),
    (["Sekou", "Sékou", "Seku"], ""),
    (["Amadou", "Ahmadou", "Amadu"], ""),
    (["Boubacar", "Bubakar", "Aboubacar"], ""),
    (["Lamine", "Lamin"], ""),
    (["Alhassane", "Alhassan", "Al Hassan"], ""),
    (["Souleymane", "Sulaiman", "Suleiman"], ""),
    (["Yacouba", "Yakuba"], ""),
]
WEST_AFRICA_FEMALE = [
    (["Mariama", "Mariam", "Maryama"], ""),
    (["Aminata", "Aminatou", "Aminta"], ""),
    (["Fatoumata", "Fatimata", "Fatumata"], ""),
    (["Kadiatou", "Kadidia", "Khadijatou"], ""),
    (["Aissatou", "Aishatu", "Aïssatou"], ""),
    (["Hawa", "Awa"], ""),
]
WEST_AFRICA_FAMILY = {
    "GIN": [
        (["Diallo", "Jallow", "Djallo"], ""),
        (["Bah", "Ba"], ""),
        (["Barry", "Bari"], ""),
        (["Camara", "Kamara"], ""),
        (["Sow", "Sowe"], ""),
        (["Conde", "Condé", "Konde"], ""),
        (["Soumah", "Sumah"], ""),
    ],
    "CIV": [
        (["Kouassi", "Kwasi"], ""),
        (["Kone", "Koné"], ""),
        (["Konate", "Konaté"], ""),
        (["Ouattara", "Wattara"], ""),
        (["Traore", "Traoré", "Trawally"], ""),
        (["Yao", "Yaho"], ""),
        (["Coulibaly", "Kulibali"], ""),
    ],
    "MLI": [
        (["Traore", "Traoré"], ""),
        (["Keita", "Keïta", "Kaita"], ""),
        (["Coulibaly", "Kulibaly"], ""),
        (["Diarra", "Jarra"], ""),
        (["Sidibe", "Sidibé"], ""),
        (["Toure", "Touré"], ""),
    ],
    "NGA": [
        (["Okafor", "Okaphor"], ""),
        (["Adeyemi", "Adeyemy"], ""),
        (["Ibrahim", "Ebrahim"], ""),
        (["Okonkwo", "Okonkwoh"], ""),
        (["Bello", "Belo"], ""),
        (["Eze", "Ezeh"], ""),
    ],
}
NIGERIA_MALE = [
    (["Chinedu", "Chinedou"], ""),
    (["Emeka", "Emekah"], ""),
    (["Oluwaseun"], ""),
    (["Babatunde", "Babatundé"], ""),
    (["Ibrahim", "Ebrahim"], ""),
    (["Godwin", "Godwine"], ""),
    (["Godswill", "Godswil"], ""),
]
NIGERIA_FEMALE = [
    (["Blessing", "Blessin"], ""),
    (["Joy", "Joie"], ""),
    (["Chioma", "Chiomah"], ""),
    (["Chiamaka"], ""),
    (["Favour", "Favor"], ""),
    (["Precious", "Presious"], ""),
    (["Aisha", "Aishat"], ""),
]

# How each nationality names people: "patronymic" = given + father + grandfather; "family" = given (+ father) + family.
NATIONALITIES = {
    # code: (weight, style, male pool, female pool, family pool, language codes, departure countries)
    "ERI": (14, "patronymic", TIGRINYA_MALE, TIGRINYA_FEMALE, None, ["tir"], ["LBY"]),
    "SDN": (11, "patronymic", ARABIC_MALE, ARABIC_FEMALE, None, ["apd", "ara"], ["LBY"]),
    "SOM": (8, "patronymic", SOMALI_MALE, SOMALI_FEMALE, None, ["som"], ["LBY"]),
    "ETH": (6, "patronymic", AMHARIC_MALE, AMHARIC_FEMALE, None, ["amh"], ["LBY"]),
    "SYR": (9, "family", ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ["apc", "ara"], ["LBY", "TUR"]),
    "AFG": (7, "family", DARI_MALE, DARI_FEMALE, DARI_FAMILY, ["prs", "pus"], ["TUR", "LBY"]),
    "BGD": (8, "family", BENGALI_MALE, BENGALI_FEMALE, BENGALI_FAMILY, ["ben"], ["LBY"]),
    "GIN": (
        8,
        "family",
        WEST_AFRICA_MALE,
        WEST_AFRICA_FEMALE,
        WEST_AFRICA_FAMILY["GIN"],
        ["fuf", "fra"],
        ["TUN", "LBY"],
    ),
    "CIV": (
        7,
        "family",
        WEST_AFRICA_MALE,
        WEST_AFRICA_FEMALE,
        WEST_AFRICA_FAMILY["CIV"],
        ["fra", "dyu"],
        ["TUN"],
    ),
    "MLI": (
        6,
        "family",
        WEST_AFRICA_MALE,
        WEST_AFRICA_FEMALE,
        WEST_AFRICA_FAMILY["MLI"],
        ["bam", "fra"],
        ["TUN", "LBY"],
    ),
    "NGA": (
        6,
        "family",
        NIGERIA_MALE,
        NIGERIA_FEMALE,
        WEST_AFRICA_FAMILY["NGA"],
        ["eng", "yor", "ibo"],
        ["LBY"],
    ),
    "TUN": (6, "family", ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ["aeb", "ara"], ["TUN"]),
    "EGY": (5, "family", ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, ["arz", "ara"], ["LBY", "EGY"]),
}
