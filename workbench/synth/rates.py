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
