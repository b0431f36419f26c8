"""A labelled synthetic registry, hard the way real registration data is hard.

    python bench/linkage_generate.py --people 10000 --output /tmp/people.csv [--seed 1]

Each invented person is registered one to five times (landing point, reception,
another agency, another country). Every registration writes the names again:
other spellings (Mohamed, Muhammad, Maxamed), the original script only (محمد,
ዮሐንስ), typos, given and father's name swapped, grandfather's or all family names
missing; dates of birth exact, year-only, 1 January of a guessed year, estimated
from an age, day and month swapped; nationality changed or left out; a passport
number sometimes. Families are drawn with siblings (same father and grandfather)
and twins (same date of birth too), and names follow a skewed frequency so that
namesakes are as common as they are on a quay. Column `person_id` is the truth.
"""

import argparse
import csv
import datetime
import random
import sys

# canonical: (spellings, original script or "")
MALE = {
    "mohamed": (["Mohamed", "Muhammad", "Mohammed", "Maxamed", "Mohamad", "Mohammad"], "محمد"),
    "ahmed": (["Ahmed", "Ahmad", "Axmed", "Ahmet"], "أحمد"),
    "ali": (["Ali", "Aly", "Cali"], "علي"),
    "omar": (["Omar", "Umar", "Cumar", "Omer"], "عمر"),
    "hassan": (["Hassan", "Hasan", "Xasan", "Hassen"], "حسن"),
    "hussein": (["Hussein", "Husein", "Xuseen", "Hussain", "Hossein"], "حسين"),
    "abdirahman": (["Abdirahman", "Abdulrahman", "Abdel Rahman", "Cabdiraxmaan", "Abdurahman"], "عبدالرحمن"),
    "abdullahi": (["Abdullahi", "Abdallah", "Abdullah", "Cabdullaahi"], "عبدالله"),
    "yusuf": (["Yusuf", "Youssef", "Yousef", "Yusuf", "Yosef"], "يوسف"),
    "ibrahim": (["Ibrahim", "Ebrahim", "Ibraahim", "Ibrahima"], "إبراهيم"),
    "khalid": (["Khalid", "Khaled", "Khaalid", "Xaalid"], "خالد"),
    "osman": (["Osman", "Othman", "Cismaan", "Usman", "Uthman"], "عثمان"),
    "mustafa": (["Mustafa", "Mostafa", "Mustapha"], "مصطفى"),
    "idris": (["Idris", "Idriss", "Idrees"], "إدريس"),
    "adam": (["Adam", "Adem", "Aadam"], "آدم"),
    "suleiman": (["Suleiman", "Sulayman", "Soliman", "Suleyman"], "سليمان"),
    "yohannes": (["Yohannes", "Yohanes", "Johannes", "Yuhannes"], "ዮሐንስ"),
    "tesfaye": (["Tesfaye", "Tesfay", "Tesfai"], "ተስፋዬ"),
    "kidane": (["Kidane", "Kidanе", "Kedane"], "ኪዳነ"),
    "solomon": (["Solomon", "Selomon", "Suleman"], "ሰለሞን"),
    "dawit": (["Dawit", "Dawitt", "Dawid"], "ዳዊት"),
    "mikael": (["Mikael", "Michael", "Mikiel"], "ሚካኤል"),
    "berhane": (["Berhane", "Birhane", "Berhan"], "ብርሃነ"),
    "haile": (["Haile", "Hayle", "Hailé"], "ሃይለ"),
    "gebremedhin": (["Gebremedhin", "Ghebremedhin", "Gebre Medhin"], "ገብረመድህን"),
    "amanuel": (["Amanuel", "Emmanuel", "Amanual"], "አማኑኤል"),
    "filmon": (["Filmon", "Filimon", "Philemon"], "ፊልሞን"),
    "ahmad_shah": (["Ahmad Shah", "Ahmadshah", "Ahmed Shah"], "احمدشاه"),
    "gul": (["Gul", "Gol", "Ghul"], "گل"),
    "wali": (["Wali", "Vali", "Walli"], "ولی"),
    "karim": (["Karim", "Kareem", "Kerim"], "كريم"),
    "samir": (["Samir", "Sameer", "Semir"], "سمير"),
    "tariq": (["Tariq", "Tarek", "Tareq", "Tarik"], "طارق"),
    "bilal": (["Bilal", "Belal", "Bilaal"], "بلال"),
    "chinedu": (["Chinedu", "Chinedou"], ""),
    "emeka": (["Emeka", "Emmeka"], ""),
    "musa": (["Musa", "Moussa", "Muuse", "Mousa"], "موسى"),
    "issa": (["Issa", "Isa", "Ciise", "Eissa"], "عيسى"),
    "jamal": (["Jamal", "Jamaal", "Gamal"], "جمال"),
    "nur": (["Nur", "Nour", "Nuur", "Noor"], "نور"),
}
FEMALE = {
    "fatima": (["Fatima", "Fatuma", "Faadumo", "Fatma", "Fatimah"], "فاطمة"),
    "aisha": (["Aisha", "Aysha", "Caasha", "Ayesha", "Aicha"], "عائشة"),
    "maryam": (["Maryam", "Mariam", "Maryan", "Meryem"], "مريم"),
    "amina": (["Amina", "Aamina", "Aminah", "Emine"], "آمنة"),
    "khadija": (["Khadija", "Khadijah", "Khadiija", "Xadiijo"], "خديجة"),
    "zainab": (["Zainab", "Zaynab", "Seynab", "Zeinab"], "زينب"),
    "hawa": (["Hawa", "Xawa", "Hawwa"], "حواء"),
    "halima": (["Halima", "Xaliimo", "Halimah"], "حليمة"),
    "asma": (["Asma", "Asmaa", "Asmaa'"], "أسماء"),
    "saba": (["Saba", "Sabaa"], "ሳባ"),
    "helen": (["Helen", "Hellen", "Helena"], "ሄለን"),
    "luwam": (["Luwam", "Lwam", "Luam"], "ሉዋም"),
    "selam": (["Selam", "Salam", "Selamawit"], "ሰላም"),
    "senait": (["Senait", "Senayt", "Sennait"], "ሰናይት"),
    "tsega": (["Tsega", "Tsegga", "Tsige"], "ፀጋ"),
    "yordanos": (["Yordanos", "Yordanos", "Jordanos"], "ዮርዳኖስ"),
    "zahra": (["Zahra", "Zahraa", "Zehra"], "زهرا"),
    "nadia": (["Nadia", "Nadiya", "Nadja"], "نادية"),
    "blessing": (["Blessing", "Blesing"], ""),
    "joy": (["Joy", "Joyce"], ""),
    "rahma": (["Rahma", "Raxma", "Rahmah"], "رحمة"),
    "sara": (["Sara", "Sarah", "Saara"], "سارة"),
}
NATIONALITIES = ["SOM", "ERI", "ETH", "SDN", "SYR", "AFG", "NGA", "EGY", "MLI", "GIN"]
GEEZ = {"ERI", "ETH"}
SITES = ["Quay", "North post", "Reception A", "Detention B", "Border C", "Transit D"]


def _zipf_choice(rng: random.Random, keys: list[str]) -> str:
    # A few names are very common (namesakes), most are rare.
    index = int(rng.paretovariate(0.3)) - 1
    return keys[index] if index < len(keys) else rng.choice(keys)


def _pool(nationality: str, pool: dict) -> list[str]:
    geez = [k for k, (_, script) in pool.items() if script and "\u1200" <= script[0] <= "\u137f"]
    other = [k for k in pool if k not in geez]
    return geez + other if nationality in GEEZ else other + geez


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(3):
        case 0:
            return word[:i] + word[i + 1 :]
        case 1:
            return word[:i] + rng.choice("aeinorstu") + word[i + 1 :]
        case _:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _spell(rng: random.Random, canonical: str, pool: dict, base: int) -> tuple[str, str]:
    spellings, script = pool[canonical]
    # A person has a usual spelling; other registrars write another one half the time.
    word = spellings[base % len(spellings)] if rng.random() < 0.5 else rng.choice(spellings)
    if rng.random() < 0.08:
        word = _typo(rng, word)
    return word, script


def make_people(rng: random.Random, n: int) -> list[dict]:
    people: list[dict] = []
    while len(people) < n:
        nationality = rng.choice(NATIONALITIES)
        father = _zipf_choice(rng, _pool(nationality, MALE))
        grandfather = _zipf_choice(rng, _pool(nationality, MALE))
        family_size = min(1 + int(rng.expovariate(0.7)), 6)
        twin_dob, taken = None, {father, grandfather}
        for child in range(family_size):
            sex = rng.choice("MF")
            pool = MALE if sex == "M" else FEMALE
            given = _zipf_choice(rng, _pool(nationality, pool))
            while given in taken:  # parents do not give two children the same name
                given = rng.choice(list(pool))
            taken.add(given)
            if twin_dob and rng.random() < 0.3:
                dob = twin_dob  # twins
            else:
                dob = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 50))
            twin_dob = dob if child == 0 else twin_dob
            people.append(
                {
                    "id": len(people),
                    "sex": sex,
                    "given": given,
                    "father": father,
                    "grandfather": grandfather,
                    "dob": dob,
                    "nationality": nationality,
                    "spell": rng.randrange(6),
                    "passport": f"P{rng.randrange(10**7):07d}" if rng.random() < 0.3 else "",
                }
            )
    return people[:n]


def _dob_text(rng: random.Random, dob: datetime.date) -> str:
    r = rng.random()
    if r < 0.45:
        return dob.isoformat()
    if r < 0.60:
        return str(dob.year)
    if r < 0.75:
        return f"{dob.year}-01-01"  # a guessed year written as 1 January
    if r < 0.85:
        return f"{dob.year + rng.choice([-2, -1, 1, 2])}-01-01"  # estimated from an age
    if r < 0.90 and dob.day <= 12:
        return f"{dob.year}-{dob.day:02d}-{dob.month:02d}"  # day and month swapped
    if r < 0.95:
        return f"{dob.year}-{dob.month:02d}"
    return ""


def registration(rng: random.Random, person: dict, record_id: str) -> dict:
    pool = MALE if person["sex"] == "M" else FEMALE
    base = person["spell"]
    parts = [
        _spell(rng, person["given"], pool, base),
        _spell(rng, person["father"], MALE, base),
        _spell(rng, person["grandfather"], MALE, base),
    ]
    if rng.random() < 0.35:
        parts = parts[:2]  # grandfather's name not asked
    if rng.random() < 0.05:
        parts = parts[:1]  # family name missing
    if rng.random() < 0.06 and len(parts) > 1:
        parts[0], parts[1] = parts[1], parts[0]  # father's name written first
    script_only = rng.random() < 0.07 and all(script for _, script in parts)
    words = [script if script_only else word for word, script in parts]
    nationality = person["nationality"]
    r = rng.random()
    if r < 0.08:
        nationality = rng.choice(NATIONALITIES)  # self-declared differently
    elif r < 0.16:
        nationality = ""
    document = person["passport"] if person["passport"] and rng.random() < 0.6 else ""
    if document and rng.random() < 0.05:
        document = _typo(rng, document)
    return {
        "record_id": record_id,
        "given_name": words[0],
        "family_name": " ".join(words[1:]),
        "date_of_birth": _dob_text(rng, person["dob"]),
        "sex": person["sex"] if rng.random() > 0.03 else "",
        "nationality": nationality,
        "document_number": document,
        "person_id": person["id"],
    }


def generate(n_people: int, seed: int = 1) -> list[dict]:
    """Records of `n_people` invented people (about 1.6 records each), shuffled, in boats of 20-80."""
    rng = random.Random(seed)
    people = make_people(rng, n_people)
    records = []
    for person in people:
        visits = 1 + min(int(rng.expovariate(1.6)), 4)
        for _ in range(visits):
            records.append(registration(rng, person, ""))
    rng.shuffle(records)
    # Boats: consecutive records after the shuffle, never the same person twice in one boat.
    boat, members, day = 0, set(), datetime.date(2024, 1, 1)
    size = rng.randrange(20, 80)
    for i, record in enumerate(records):
        if len(members) >= size or record["person_id"] in members:
            boat, members, size = boat + 1, set(), rng.randrange(20, 80)
            day += datetime.timedelta(days=rng.randrange(0, 2))
        members.add(record["person_id"])
        record.update(
            record_id=f"R{i:07d}",
            group_id=f"B{boat:06d}",
            encounter_date=day.isoformat(),
            site=SITES[boat % len(SITES)],
        )
    return records


COLUMNS = [
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "document_number",
    "group_id",
    "encounter_date",
    "site",
    "person_id",
]


def write_csv(records: list[dict], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(records)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    records = generate(args.people, args.seed)
    write_csv(records, args.output)
    print(f"{len(records)} records of {args.people} people -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
