"""Fixed vocabularies of the wider evidence: networks, endpoint software and hardware,
hiring checks, interview notes and cover-letter sentences.

Plain data, like ``pools``: a reader can see what the generated IP-intelligence,
MDM, EDR and hiring records are made of without reading generation code.
Categorical values are written in lower snake case, as the contract writes
``video_interview``.
"""

from __future__ import annotations

Network = tuple[str, str]  # (ASN, organisation) as an IP-intelligence feed names them

#: Home broadband per country: where people (and laptop farms) log in from.
RESIDENTIAL: dict[str, tuple[Network, ...]] = {
    "US": (
        ("AS7922", "Comcast Cable Communications"),
        ("AS20115", "Charter Communications"),
        ("AS7018", "AT&T Services"),
        ("AS701", "Verizon Business"),
    ),
    "CA": (("AS812", "Rogers Communications"), ("AS577", "Bell Canada")),
    "GB": (("AS2856", "British Telecommunications"), ("AS5089", "Virgin Media")),
    "DE": (("AS3320", "Deutsche Telekom"), ("AS3209", "Vodafone GmbH")),
    "PL": (("AS5617", "Orange Polska"), ("AS12741", "Netia")),
    "UA": (("AS15895", "Kyivstar"), ("AS6849", "Ukrtelecom")),
    "IN": (("AS24560", "Bharti Airtel"), ("AS55836", "Reliance Jio Infocomm")),
    "BR": (("AS28573", "Claro"), ("AS18881", "Telefonica Brasil")),
    "JP": (("AS4713", "NTT Communications"), ("AS2516", "KDDI")),
    "KR": (("AS4766", "Korea Telecom"), ("AS9318", "SK Broadband")),
    "SG": (("AS3758", "SingNet"), ("AS4657", "StarHub")),
    "CN": (("AS4837", "China Unicom"), ("AS4134", "China Telecom")),
    "RU": (("AS12389", "Rostelecom"), ("AS8359", "MTS")),
    "KP": (("AS131279", "Star Joint Venture"),),
    "FR": (("AS3215", "Orange"),),
    "ES": (("AS3352", "Telefonica de Espana"),),
    "IT": (("AS3269", "Telecom Italia"),),
    "MX": (("AS8151", "Uninet"),),
    "TH": (("AS7470", "True Internet"),),
    "PT": (("AS3243", "MEO"),),
}
#: Rented servers where fronts' direct logins come from, per country.
HOSTED: dict[str, tuple[Network, ...]] = {
    "CN": (("AS37963", "Alibaba Cloud"), ("AS45090", "Tencent Cloud")),
    "RU": (("AS49505", "Selectel"),),
    "KP": (("AS131279", "Star Joint Venture"),),
}
#: Data centres that commercial VPN exits are rented in.
VPN_HOSTS: tuple[Network, ...] = (
    ("AS9009", "M247"),
    ("AS60068", "Datacamp Limited"),
    ("AS16276", "OVH"),
    ("AS14061", "DigitalOcean"),
    ("AS20473", "Vultr"),
    ("AS24940", "Hetzner Online"),
    ("AS60781", "Leaseweb"),
)
#: Clouds that host corporate VPN gateways.
CORPORATE_HOSTS: tuple[Network, ...] = (
    ("AS16509", "Amazon.com"),
    ("AS8075", "Microsoft"),
    ("AS396982", "Google Cloud"),
)
MOBILE_CARRIERS: tuple[Network, ...] = (
    ("AS21928", "T-Mobile USA"),
    ("AS22394", "Verizon Wireless"),
    ("AS25135", "Vodafone UK"),
    ("AS9605", "NTT Docomo"),
    ("AS9644", "SK Telecom"),
)
#: Commercial VPN providers; Astrill is the one the public reports name.
VPN_PROVIDERS: tuple[str, ...] = (
    "Astrill VPN",
    "NordVPN",
    "ExpressVPN",
    "Surfshark",
    "Proton VPN",
    "Private Internet Access",
    "Mullvad VPN",
)
#: How legitimate VPN users split across ``VPN_PROVIDERS`` (market shares, roughly).
VPN_SHARES: tuple[float, ...] = (0.05, 0.30, 0.22, 0.15, 0.13, 0.10, 0.05)
IP_TYPES: tuple[str, ...] = ("residential", "hosting", "mobile", "vpn")

#: Remote-control software an EDR inventory lists; the first two match ``pools.REMOTE_TOOLS``.
RMM_TOOLS: tuple[str, ...] = (
    "AnyDesk",
    "TeamViewer",
    "Chrome Remote Desktop",
    "RustDesk",
    "Splashtop Streamer",
    "ScreenConnect Client",
    "Zoho Assist",
)
KEEP_AWAKE_TOOLS: tuple[str, ...] = (
    "Caffeine",
    "Mouse Jiggler",
    "Amphetamine",
    "Move Mouse",
    "KeepingYouAwake",
    "Don't Sleep",
)
#: IP-KVM devices: each shows up as a USB composite gadget, a keyboard and a display.
IPKVM_DEVICES: tuple[str, ...] = ("PiKVM", "TinyPilot", "JetKVM", "NanoKVM")
IPKVM_USB = "1d6b:0104 Multifunction Composite Gadget"  # the Linux USB gadget they emulate
#: What every managed laptop runs.
EVERYDAY_SOFTWARE: tuple[str, ...] = (
    "Google Chrome",
    "Slack",
    "Zoom",
    "Microsoft Teams",
    "Visual Studio Code",
    "Docker Desktop",
    "1Password",
    "Postman",
    "Firefox",
    "JetBrains Toolbox",
)
#: Ordinary peripherals: (kind, name, detail).
PERIPHERALS: tuple[tuple[str, str, str], ...] = (
    ("usb", "Logitech USB Receiver", "046d:c52b"),
    ("usb", "YubiKey 5 NFC", "1050:0407"),
    ("hid", "Apple Magic Keyboard", "bluetooth"),
    ("hid", "Logitech MX Keys", "bluetooth"),
    ("display", "DELL U2720Q", "3840x2160"),
    ("display", "LG HDR 4K", "3840x2160"),
)

#: Identity checks and their results (``id_document_country``'s result is a country code).
E_VERIFY = "e_verify"
SSN_TRACE = "ssn_trace"
ID_DOCUMENT = "id_document_country"
W2_COMPLAINT = "w2_complaint"
REFERENCE_CHECK = "reference_check"
AUTHORIZED, TNC, FNC = "employment_authorized", "tentative_nonconfirmation", "final_nonconfirmation"
SSN_RESULTS: tuple[str, ...] = ("match", "mismatch", "no_record")
REFERENCE_RESULTS: tuple[str, ...] = ("passed", "failed", "unreachable")
COMPLAINT = "complaint_received"

ADDRESS_TYPES: tuple[str, ...] = (
    "residential",
    "commercial",
    "mail_receiving_agency",
    "freight_forwarder",
)
#: Where fronts' laptops go abroad (DOJ: laptops sent on to China, near the DPRK border;
#: its cities are in ``pools.WORLD_CITIES``).
ABROAD_COUNTRY = "CN"

#: Interviewers' notes: on an ordinary call, with the camera off, after a different person.
NOTES_ORDINARY: tuple[str, ...] = (
    "",
    "",
    "",
    "good communication",
    "strong on system design",
    "solid coding exercise",
    "asked good questions about the team",
    "a bit nervous but technically sound",
)
NOTES_CAMERA_OFF: tuple[str, ...] = (
    "camera off, said the webcam was broken",
    "joined by audio only",
    "kept the camera off after the first minutes",
    "",
)
NOTES_OTHER_PERSON: tuple[str, ...] = (
    "voice sounded different from the first call",
    "looked different from the profile photo",
    "answers did not match the earlier round",
)

#: Cover-letter sentences, one slot each; ``{name}`` and the like are the writer's own.
LETTER_SLOTS: tuple[tuple[str, ...], ...] = (
    (
        "Dear hiring manager, I am writing to apply for the {title} role at {client}.",
        "Hello, my name is {name} and I would like to join {client} as a {title}.",
        "I was excited to see the opening for a {title} at {client} and I am applying today.",
        "Greetings from a {title} who has followed the work of {client} for some time.",
        "To the {client} team: please consider me for your {title} position.",
        "I am a {title} and the role you posted at {client} matches what I do best.",
    ),
    (
        "Over {years} years I have built production systems with {skill1} and {skill2}.",
        "My background is {years} years of hands-on work in {skill1}, mostly alongside {skill2}.",
        "For the last {years} years {skill1} has been my main tool, with {skill2} on the side.",
        "I bring {years} years of experience shipping {skill1} services and {skill2} tooling.",
        "Most of my {years} years as an engineer went into {skill1} and {skill2} projects.",
        "I have spent {years} years writing {skill1} code and operating it with {skill2}.",
    ),
    (
        "At {employer} I led {projects} projects from the first design to the release.",
        "While at {employer} I delivered {projects} projects and mentored two juniors.",
        "My time at {employer} covered {projects} projects, several of them under tight deadlines.",
        "I finished {projects} projects at {employer}, including a migration I am proud of.",
        "At {employer} my team trusted me with {projects} projects and the on-call rotation.",
        "In {projects} projects at {employer} I learnt to keep code simple and well tested.",
    ),
    (
        "I like how {client} treats engineering and I think I can help from the first week.",
        "The products of {client} are ones I use myself, which is why this role appeals to me.",
        "I am looking for a team like yours where quality matters as much as speed.",
        "Remote collaboration across time zones is something I am used to and enjoy.",
        "I would welcome the chance to learn from your team while contributing right away.",
        "Your stack is close to mine, so I expect a short ramp-up and steady output.",
    ),
    (
        "Thank you for your time; I am available for a call this week. Sincerely, {name}",
        "I look forward to hearing from you. Best regards, {name}",
        "Thanks for considering my application. Kind regards, {name}",
        "I would be glad to talk about the role at any time. Yours sincerely, {name}",
        "Thank you, and I hope to speak with you soon. Regards, {name}",
        "Happy to share code samples on request. All the best, {name}",
    ),
)
