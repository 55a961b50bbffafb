"""A small case for the export tests: one ring holding every kind of value an export maps,
with attack strings in the names the exports carry."""

from __future__ import annotations

XSS = "<img src=x onerror=window.__pwned=1>"

#: Three identities tied by a wallet, an IBAN, a payment e-mail, an IPv4 and an IPv6
#: address, a phone, a home address, a GitHub account and a referral; a fourth apart.
RING_CASE = {
    "contractors.csv": (
        "contractor_id,full_name,email,phone,address,country,github,hired_at,client\n"
        f'r1,"Ann Lee {XSS}",ann.lee.work@gmail.com,+1 415 555 0134,'
        '"448 Harbor Dr, Minneapolis, MN 55401",US,devstar-77,2024-03-01,Acme\n'
        "r2,Bo Kim,bo.kim.dev@proton.me,(415) 555-0134,"
        '"448 Harbor Drive, Minneapolis MN 55401",US,devstar-77,2024-03-15,Acme\n'
        'r3,=HYPERLINK("http://x"),cy.park.dev@proton.me,+1 212 555 0188,'
        '"17 Elm Street, Springfield, IL 62701",US,,2024-04-02,Globex\n'
        'o1,Dee Odd,dee@example.org,+44 20 7946 0958,"1 Other Rd, Leeds",GB,,2023-01-01,Initech\n'
    ),
    "payments.csv": (
        "payment_id,contractor_id,paid_at,amount,currency,method,account,account_holder,"
        "account_country\n"
        "p1,r1,2024-04-01T10:00:00Z,2500,USDT,crypto,TRC20: TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW,,\n"
        "p2,r2,2024-04-01T10:05:00Z,2500,USDT,crypto,TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW,,\n"
        "p3,r1,2024-05-01T10:00:00Z,3100,EUR,bank,DE89 3704 0044 0532 0130 00,Richard Smith,DE\n"
        "p4,r3,2024-05-01T10:00:00Z,3100,EUR,bank,DE89370400440532013000,Richard Smith,DE\n"
        "p5,r2,2024-05-02T10:00:00Z,900,USD,paypal,pay.out.team@gmail.com,=cmd|' /C calc'!A0,US\n"
        "p6,r3,2024-05-03T10:00:00Z,900,USD,paypal,Pay.Out.Team@gmail.com,R Smith,US\n"
        "p7,o1,2024-05-03T10:00:00Z,4000,GBP,bank,GB82 WEST 1234 5698 7654 32,Dee Odd,GB\n"
    ),
    "logins.csv": (
        "contractor_id,ts,ip,device_id,country,vpn\n"
        "r1,2024-04-02T01:00:00Z,175.45.176.9,dev-a1b2,KP,true\n"
        "r2,2024-04-02T01:10:00Z,175.45.176.9,dev-a1b2,KP,true\n"
        "r3,2024-04-02T01:20:00Z,2001:db8::7,dev-c3d4,CN,false\n"
        "r1,2024-04-03T01:20:00Z,2001:db8::7,dev-a1b2,CN,false\n"
        "o1,2024-04-03T09:00:00Z,198.51.100.23,dev-zz,GB,false\n"
    ),
    "shipments.csv": (
        "contractor_id,shipped_at,asset_tag,ship_to_address,ship_to_name\n"
        'r1,2024-03-05,LT-1,"9 Farm Road, Phoenix, AZ 85001",Pat Mule\n'
        'r2,2024-03-20,LT-2,"9 Farm Rd, Phoenix AZ 85001",Pat Mule\n'
        'r3,2024-04-05,LT-3,"9 Farm Road Phoenix AZ 85001",Pat Mule\n'
    ),
    "referrals.csv": "referrer_id,contractor_id\nr1,r2\nr2,r3\n",
}

#: Identifiers of the ring that a redacted export must not show.
PRIVATE_VALUES = (
    "ann.lee.work@gmail.com",
    "bo.kim.dev@proton.me",
    "415 555 0134",
    "555-0134",
    "4155550134",
    "448 Harbor",
    "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW",
    "DE89370400440532013000",
    "DE89 3704 0044 0532 0130 00",
    "pay.out.team@gmail.com",
    "175.45.176.9",
    "2001:db8::7",
    "9 Farm Road",
    "Richard Smith",
    "Pat Mule",
)
