"""Rates and sizes of the synthetic world, each with the reason for its value.

Fronts carry red flags at realistic, not certain, rates and legitimate people
carry the same flags at low rates, so no single weak flag separates them.
"""

from __future__ import annotations

# --- volumes ---------------------------------------------------------------
LOGINS_PER_CONTRACTOR = 15.0  # brief: ~15 logins per identity over the window
PAYMENTS_PER_CONTRACTOR = 5.0  # roughly monthly pay over ~6 months
SHIPMENT_RATE = 0.5  # about one laptop per two contractors
WINDOW_DAYS = 180  # activity spans half a year after the base date
RING_SIZE_RANGE = (3, 12)  # one team runs 3-12 identities (advisories, DOJ cases)

# --- ring members (front identities run by one team) -----------------------
RING_VIDEO_BAD = 0.60  # declined / camera off / not held in most front interviews
RING_CRYPTO = 0.40  # stablecoin payouts are common but not universal
RING_OTHER_PAYEE = 0.40  # wages to a facilitator: payee name differs
RING_VPN_LOGINS = 0.40  # share of a front's logins through a commercial VPN
RING_FOREIGN_LOGINS = 0.15  # share of a front's logins seen directly from CN / RU / KP
RING_REMOTE_TOOL = 0.40  # members whose sessions show anydesk / rdp / ip-kvm
RING_LONG_SESSION = 0.30  # members who sometimes stay logged in for a day or more
RING_REFERRAL = 0.40  # members referred by another member of the team
RING_SAME_PHOTO = 0.35  # members reusing the team's altered photo
RING_SAME_RESUME = 0.60  # members whose resume is the team template with small edits
RING_SHARED_GITHUB = 0.25  # members showing the team's GitHub account
RING_TEMPLATE_EMAIL = 0.70  # rings whose e-mails are cut from one theme template
RING_TIES_MIN = 2  # every member carries at least this many strong ties to the team

# --- lone fronts -------------------------------------------------------------
SOLO_RATE = 0.01  # brief: ~1% of contractors are lone fronts with no ring ties

# --- benign look-alikes ----------------------------------------------------
FAMILY_SHARE = 0.03  # share of people living with relatives who also contract
FAMILY_SIZE = (2, 5)  # a couple up to a household with grown children
FAMILY_JOINT_ACCOUNT = 0.35  # couples sometimes get paid into one joint account
AGENCY_PER_CONTRACTORS = 2000  # one staffing agency per this many contractors
AGENCY_SIZE = (10, 40)  # brief: an agency pays 10-40 people into one account
COWORK_PER_CONTRACTORS = 1000  # one co-working space per this many contractors
COWORK_SIZE = (20, 80)  # brief: 20-80 members share a space's IP
COWORK_LOGINS = 0.5  # members log in from the space's IP about half the time
CORP_VPN_LOGINS = 0.05  # brief: ~5% of all logins leave through a corporate VPN exit
CORP_VPN_EXITS = 3  # a handful of exit IPs, each shared by thousands
NAT_USERS = 0.20  # people who sometimes log in over a mobile carrier
NAT_LOGINS = 0.25  # of their logins, the carrier-NAT share
NAT_PEOPLE_PER_IP = 300  # a carrier NAT address is shared by a few hundred people
PAYROLL_SHARE = 0.03  # legit people paid through a payroll provider's pooled account
PLACEHOLDER_RATE = 0.02  # brief: placeholder junk in ~2% of legit rows

# --- legitimate people's own weak flags ----------------------------------
LEGIT_VIDEO_BAD = 0.05  # people do decline a video call now and then
LEGIT_REMOTE_TOOL = 0.03  # admins use remote desktops legitimately
LEGIT_VPN_PEOPLE = 0.10  # privacy-minded people use a commercial VPN
LEGIT_VPN_LOGINS = 0.30  # ... for part of their logins
LEGIT_CRYPTO = 0.02  # a few freelancers ask for crypto
LEGIT_NIGHT_SHIFT = 0.03  # night-shift workers log in at odd hours
LEGIT_TRAVEL = 0.03  # travellers log in from another country
LEGIT_VOIP = 0.02  # some people give a VoIP number
LEGIT_OTHER_PAYEE = 0.03  # paid into a spouse's or company's account
LEGIT_GITHUB = 0.45  # share of people listing a GitHub account
COMMERCIAL_VPN_USERS_PER_EXIT = 25  # commercial VPN exits are shared by many users
CORP_VPN_USERS = 0.25  # employees of clients that route through a corporate VPN ...
# ... each sending CORP_VPN_LOGINS / CORP_VPN_USERS of their logins through it (5% overall)
FARM_LOGINS = 0.5  # a farm-tied front logs in from the farm's residential IP about half the time
SHARED_DEVICE_LOGINS = 0.6  # a device-tied front uses the team's device for most sessions
TRAVEL_LOGINS = 0.15  # a traveller's logins from abroad
REMOTE_TOOL_LOGINS = 0.5  # share of a tool user's sessions where the tool is seen
LONG_SESSION_LOGINS = 0.2  # share of a long-session front's sessions lasting >= 24 h
PLACEHOLDER_DEVICE_LOGINS = 0.3  # logins of an affected person exported with the zero UUID
USER_AGENT_SEEN = 0.3  # many login exports leave the user agent empty
MANAGED_DEVICES = 0.4  # managed laptops report a UUID; others a 16-hex browser fingerprint

# --- wider evidence (IP intelligence, MDM / EDR, shipping, hiring records) ---
# Drawn from a second random stream, so leaving it out changes no other value.
# Every signal reaches only part of the fronts, and some legitimate people too.
FRONT_ASTRILL = 0.60  # fronts whose VPN is Astrill, the provider the public reports name
FRONT_HOSTED = 0.50  # fronts whose direct foreign address is a rented server, not a home line
NETWORK_UNKNOWN = 0.02  # logins an IP-intelligence feed leaves unresolved (no ASN, no type)
FRONT_IPKVM = 0.20  # fronts with an IP-KVM on the laptop (plus those whose logins show one)
LEGIT_IPKVM = 0.002  # home-lab enthusiasts plug a PiKVM into a work laptop now and then
FRONT_RMM_TWO = 0.35  # fronts with two or three remote-control tools installed
FRONT_RMM_ONE = 0.25  # ... and with exactly one
LEGIT_RMM_ONE = 0.12  # a client's IT department installs one support tool
LEGIT_RMM_TWO = 0.008  # a sanctioned tool plus one the person added
FRONT_KEEP_AWAKE = 0.30  # fronts keeping an unattended laptop awake (Caffeine, Mouse Jiggler)
LEGIT_KEEP_AWAKE = 0.015  # people keep a screen on through a long build or a talk
MDM_CHECKINS = 6.0  # MDM check-ins per managed laptop over the window (Poisson mean)
EVERYDAY_APPS = 3  # ordinary applications an inventory lists per laptop
FRONT_REROUTE = 0.45  # fronts whose laptop is sent elsewhere shortly before it ships
REROUTE_FORWARDER = 0.5  # ... of rerouted fronts not bound for a farm: to the team's forwarder
REROUTE_ABROAD = 0.3  # ... abroad, to the team's contact near the border; the rest to a mailbox
LEGIT_REROUTE = 0.03  # people who moved or chose their office before the laptop shipped
LEGIT_FORWARDER = 0.01  # people abroad who ship through a forwarder or a mailbox service
REROUTE_HOURS = 72  # a front's change of address comes at most this long before shipping
FRONT_CONCURRENT = 0.45  # fronts working two to four clients at once
LEGIT_CONCURRENT = 0.05  # people with a second client at once (part-time work, two jobs)
LEGIT_CONCURRENT_THREE = 0.005  # ... with a third
LEGIT_PAST_ENGAGEMENT = 0.20  # people whose earlier engagement has ended
INTERVIEW_ROUNDS = (1, 3)  # calls per hire
FRONT_INTERVIEW_VPN = 0.40  # fronts joining their calls through the VPN
FRONT_INTERVIEW_FOREIGN = 0.15  # fronts joining from the team's own line abroad
LEGIT_INTERVIEW_VPN = 0.15  # of legitimate VPN users: the VPN stays on for the call
FRONT_OTHER_PERSON = 0.15  # fronts where a later call showed a different person
LEGIT_OTHER_PERSON = 0.003  # interviewers mistake a bad connection for another person
ID_DOCUMENT_CHECKED = 0.60  # identities whose ID document was checked
REFERENCE_CHECKED = 0.50  # identities whose references were called
FRONT_TNC = 0.10  # fronts with an E-Verify tentative nonconfirmation (stolen identities pass)
LEGIT_TNC = 0.01  # name changes and typos: contested and resolved
FRONT_SSN_MISMATCH = 0.15  # fronts whose SSN trace does not match the name given
LEGIT_SSN_MISMATCH = 0.01  # a married name or a typo
FRONT_W2_COMPLAINT = 0.08  # the real owner of a used identity complains about a W-2
LEGIT_W2_COMPLAINT = 0.0005  # a payroll typo sends someone else's W-2
FRONT_DOC_ELSEWHERE = 0.25  # fronts whose ID document is from another country than claimed
LEGIT_DOC_ELSEWHERE = 0.06  # immigrants and expatriates show a passport from home
FRONT_REFERENCE_FAILED = 0.20  # fronts whose referee could not be reached or did not confirm
LEGIT_REFERENCE_FAILED = 0.03  # referees on holiday or gone from the company
RING_SHARED_REFEREE = 0.60  # checked ring members naming one of the team's referees
LEGIT_SHARED_REFEREE = 0.01  # former colleagues naming one manager (pairs)
REFEREE_PHONE = 0.60  # references given with a phone as well as an e-mail
COVER_LETTER_RATE = 0.60  # identities who sent a cover letter or proposal
RING_SAME_LETTER = 0.50  # ring members sending the team's letter with their name swapped in
LEGIT_TEMPLATE_LETTER = 0.01  # people sending a public template with only their name filled in
PUBLIC_TEMPLATES = 12  # public letter templates in circulation
