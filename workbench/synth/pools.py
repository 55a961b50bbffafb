"""Fixed vocabularies the generator draws from: names, streets, cities, providers.

Everything here is plain data, so a reader can see (and extend) what the
synthetic world is made of without reading generation code.
"""

from __future__ import annotations

#: Given names and surnames per culture; claimed countries map to a culture below.
FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
           "David", "Elizabeth", "William", "Susan", "Richard", "Jessica", "Joseph", "Sarah",
           "Thomas", "Karen", "Daniel", "Emily", "Kevin", "Laura", "Brian", "Megan"),
    "jp": ("Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Takumi", "Yuna", "Kenji", "Sakura",
           "Daiki", "Mei", "Hiroshi", "Akiko", "Kaito", "Rin"),
    "kr": ("Minjun", "Seoyeon", "Jiho", "Jiwoo", "Hyunwoo", "Soyeon", "Dongha", "Yuna",
           "Jaehyun", "Eunji", "Sungmin", "Hayoung", "Taeyang", "Minji"),
    "pl": ("Jakub", "Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Marcin", "Agnieszka",
           "Krzysztof", "Joanna", "Pawel", "Monika", "Lukasz", "Ewa"),
    "ua": ("Oleksandr", "Olena", "Andriy", "Iryna", "Dmytro", "Tetiana", "Serhiy", "Nataliia",
           "Volodymyr", "Oksana", "Mykola", "Yulia"),
    "in": ("Aarav", "Priya", "Vivaan", "Ananya", "Rohan", "Sneha", "Arjun", "Kavya", "Rahul",
           "Pooja", "Vikram", "Divya", "Karthik", "Neha"),
    "br": ("Lucas", "Ana", "Gabriel", "Julia", "Mateus", "Beatriz", "Rafael", "Larissa",
           "Felipe", "Camila", "Thiago", "Mariana"),
    "de": ("Lukas", "Lena", "Jonas", "Hannah", "Felix", "Mia", "Leon", "Sophie", "Paul", "Laura",
           "Maximilian", "Clara"),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
           "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson",
           "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright",
           "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell"),
    "jp": ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
           "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Matsumoto"),
    "kr": ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han",
           "Oh", "Seo", "Shin"),
    "pl": ("Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kowalczyk", "Kaminski", "Lewandowski",
           "Zielinski", "Szymanski", "Wozniak", "Dabrowski", "Kozlowski"),
    "ua": ("Melnyk", "Shevchenko", "Boyko", "Kovalenko", "Bondarenko", "Tkachenko",
           "Kravchenko", "Oliynyk", "Shevchuk", "Koval", "Polishchuk"),
    "in": ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Mehta",
           "Joshi", "Rao", "Desai", "Chopra", "Verma"),
    "br": ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
           "Lima", "Gomes", "Costa", "Ribeiro"),
    "de": ("Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Koch", "Richter"),
}

#: Claimed country -> (name culture, UTC offset of local working hours, English name).
COUNTRIES: dict[str, tuple[str, float, str]] = {
    "US": ("en", -6.0, "United States"),
    "CA": ("en", -5.0, "Canada"),
    "GB": ("en", 0.0, "United Kingdom"),
    "DE": ("de", 1.0, "Germany"),
    "PL": ("pl", 1.0, "Poland"),
    "UA": ("ua", 2.0, "Ukraine"),
    "IN": ("in", 5.5, "India"),
    "BR": ("br", -3.0, "Brazil"),
    "JP": ("jp", 9.0, "Japan"),
    "KR": ("kr", 9.0, "South Korea"),
    "SG": ("en", 8.0, "Singapore"),
}
#: Claimed countries of legitimate people and their weights (a US-heavy workforce).
LEGIT_COUNTRIES: tuple[tuple[str, float], ...] = (
    ("US", 0.38), ("CA", 0.08), ("GB", 0.08), ("DE", 0.07), ("PL", 0.08), ("UA", 0.05),
    ("IN", 0.10), ("BR", 0.06), ("JP", 0.04), ("KR", 0.03), ("SG", 0.03),
)
#: Countries that front identities claim (advisories: US, Canada, Japan, Korea, SG, E. Europe).
FRONT_COUNTRIES: tuple[tuple[str, float], ...] = (
    ("US", 0.45), ("CA", 0.15), ("JP", 0.1), ("KR", 0.08), ("SG", 0.07), ("PL", 0.08),
    ("UA", 0.07),
)

#: North-American streets, suffix spellings and cities (city, state, 3-digit ZIP prefix).
STREETS: tuple[str, ...] = (
    "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Main",
    "Sunset", "Lincoln", "Jackson", "Highland", "River", "Forest", "Willow", "Meadow",
    "Church", "Spring", "Ridge", "Franklin", "Madison", "Chestnut", "Walnut", "Jefferson",
    "Adams", "Center", "Union", "Harbor", "Valley", "Prospect", "Mill", "Grove", "Broad",
)
SUFFIXES: tuple[tuple[str, ...], ...] = (
    ("Street", "St.", "St", "ST"),
    ("Avenue", "Ave.", "Ave", "AVE"),
    ("Road", "Rd.", "Rd", "RD"),
    ("Boulevard", "Blvd.", "Blvd", "BLVD"),
    ("Drive", "Dr.", "Dr", "DR"),
    ("Lane", "Ln.", "Ln", "LN"),
)
UNIT_WORDS: tuple[str, ...] = ("Apartment", "Apt", "Apt.", "#", "Unit", "APT")
NA_CITIES: tuple[tuple[str, str, str], ...] = (
    ("Springfield", "IL", "627"), ("Austin", "TX", "787"), ("Denver", "CO", "802"),
    ("Portland", "OR", "972"), ("Columbus", "OH", "432"), ("Raleigh", "NC", "276"),
    ("Phoenix", "AZ", "850"), ("Tampa", "FL", "336"), ("Nashville", "TN", "372"),
    ("Atlanta", "GA", "303"), ("Seattle", "WA", "981"), ("Boston", "MA", "021"),
    ("Minneapolis", "MN", "554"), ("San Jose", "CA", "951"), ("Richmond", "VA", "232"),
    ("Madison", "WI", "537"), ("Toronto", "ON", "M5V"), ("Vancouver", "BC", "V6B"),
)
#: Elsewhere: (city, postcode pattern), '#' is a digit.
WORLD_CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "GB": (("London", "SW1A #AA"), ("Manchester", "M# #AB"), ("Leeds", "LS# #QX")),
    "DE": (("Berlin", "10###"), ("Hamburg", "20###"), ("Munchen", "80###")),
    "PL": (("Warszawa", "0#-###"), ("Krakow", "3#-###"), ("Wroclaw", "5#-###")),
    "UA": (("Kyiv", "0####"), ("Lviv", "79###"), ("Kharkiv", "61###")),
    "IN": (("Bengaluru", "560###"), ("Pune", "411###"), ("Hyderabad", "500###")),
    "BR": (("Sao Paulo", "0####-###"), ("Curitiba", "8####-###"), ("Recife", "5####-###")),
    "JP": (("Tokyo", "1##-####"), ("Osaka", "5##-####"), ("Fukuoka", "8##-####")),
    "KR": (("Seoul", "0####"), ("Busan", "4####"), ("Incheon", "2####")),
    "SG": (("Singapore", "######"),),
}

EMAIL_PROVIDERS: tuple[str, ...] = (
    "gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "hotmail.com",
    "proton.me", "icloud.com",
)
#: Theme words of templated front e-mails (a word plus a running number).
THEMES: tuple[str, ...] = (
    "smartcoder", "devstar", "techwiz", "codemaster", "bestdev", "cloudpro", "webguru",
    "skyline", "goldfish", "bluewhale", "fastbyte", "topsoft",
)
CLIENTS: tuple[str, ...] = (
    "Acme Cloud", "Northwind Fintech", "Globex Health", "Initech", "Umbrella Retail",
    "Stark Logistics", "Wayne Media", "Hooli", "Vandelay Imports", "Soylent Labs",
)
AGENCIES: tuple[str, ...] = (
    "Brightpath Staffing LLC", "Nordic Talent Partners AB", "TechBridge Consulting Ltd",
    "Andes Dev Collective SA", "Vistula Outsourcing Sp. z o.o.", "Pacific Crest Staffing Inc",
)
PAYROLL_PROVIDERS: tuple[str, ...] = ("Deelpay Payroll Services", "GlobalPay EOR Ltd")
#: Names of facilitators who receive fronts' wages (payee differs from the worker).
FACILITATORS: tuple[str, ...] = (
    "Christina M. Chapman", "Keith Wilson", "Erick Ntekereze", "Minh Phuong Vong",
    "Jin Sung-Il", "Oleksandr Didenko", "Zhonghua Trading Co", "Liaoning Best Tech Ltd",
)
USER_AGENTS: tuple[str, ...] = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Firefox/125.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Chrome/124.0",
)
REMOTE_TOOLS: tuple[str, ...] = ("anydesk", "rdp", "ipkvm", "teamviewer")
#: Placeholder junk that real exports carry instead of values.
PLACEHOLDER_EMAILS: tuple[str, ...] = ("test@test.com", "n/a", "none", "")
PLACEHOLDER_PHONES: tuple[str, ...] = ("000-000-0000", "555-555-5555", "n/a", "")
PLACEHOLDER_DEVICE = "00000000-0000-0000-0000-000000000000"
SKILLS: tuple[str, ...] = (
    "Python", "React", "Node.js", "Go", "Kubernetes", "AWS", "Java", "Solidity", "Flutter",
    "PostgreSQL", "Rust", "TypeScript", "Django", "Swift", "Terraform", "Kotlin",
)
