from workbench.flags import endpoint
from workbench.flags.context import FlagContext


def events(rows):
    """An endpoint_events table from (contractor_id, device_id, kind, name) rows."""
    ids, devices, kinds, names = (list(column) for column in zip(*rows, strict=True))
    return FlagContext.build(
        endpoint_events={"contractor_id": ids, "device_id": devices, "kind": kinds, "name": names}
    )


def test_ip_kvm_finds_named_products_and_kvm_hardware():
    ctx = events(
        [
            ("a", "d1", "hid", "TinyPilot Keyboard"),
            ("b", "d2", "display", "ATEN KVM switch"),
            ("c", "d3", "usb", "Logitech USB Receiver"),
        ]
    )
    assert endpoint.ip_kvm(ctx)["contractor_id"].to_list() == ["a", "b"]


def test_ip_kvm_ignores_software_of_the_same_name():
    ctx = events([("a", "d1", "software", "qemu-kvm"), ("b", "d2", "hid", "Apple Magic Keyboard")])
    assert endpoint.ip_kvm(ctx).is_empty()


def test_ip_kvm_evidence_names_the_device_and_hardware():
    ctx = FlagContext.build(
        endpoint_events={
            "contractor_id": ["a", "a"],
            "device_id": ["LT-9", "LT-9"],
            "kind": ["usb", "hid"],
            "name": ["Multifunction Composite Gadget", "PiKVM Keyboard"],
            "detail": ["1d6b:0104", None],
        }
    )
    out = endpoint.ip_kvm(ctx)
    assert out["evidence"].to_list() == [
        "IP-KVM hardware on device LT-9: Multifunction Composite Gadget, PiKVM Keyboard"
    ]
    assert out["refs"].to_list() == ["endpoint_events:1;endpoint_events:2"]


def test_remote_tool_stack_needs_two_different_tools_on_one_device():
    ctx = events(
        [
            ("a", "d1", "software", "AnyDesk"),
            ("a", "d1", "software", "TeamViewer Host"),
            ("b", "d2", "software", "AnyDesk"),
            ("b", "d2", "software", "AnyDesk 8.0"),
            ("c", "d3", "software", "AnyDesk"),
            ("c", "d4", "software", "RustDesk"),
        ]
    )
    out = endpoint.remote_tool_stack(ctx)
    assert out["contractor_id"].to_list() == ["a"]
    assert out["evidence"][0] == "2 remote-control tools on device d1: AnyDesk, TeamViewer Host"


def test_remote_tool_stack_leaves_out_the_fleet_tool_of_a_large_case():
    rows = [(f"p{i}", f"d{i}", "software", "ScreenConnect Client") for i in range(30)]
    rows += [("p0", "d0", "software", "AnyDesk"), ("p1", "d1", "software", "AnyDesk")]
    rows += [("p1", "d1", "software", "Chrome Remote Desktop Host")]
    out = endpoint.remote_tool_stack(events(rows))
    assert out["contractor_id"].to_list() == ["p1"]
    assert "ScreenConnect" not in out["evidence"][0]


def test_keep_awake_finds_software_and_jiggler_hardware():
    ctx = events(
        [
            ("a", "d1", "software", "KeepingYouAwake"),
            ("b", "d2", "hid", "Mouse Jiggler MJ-3"),
            ("c", "d3", "software", "PowerToys Awake"),
            ("d", "d4", "software", "Insomnia REST client"),
        ]
    )
    out = endpoint.keep_awake(ctx)
    assert out["contractor_id"].to_list() == ["a", "b"]
    assert out["evidence"].to_list() == [
        "keep-awake tool on device d1: KeepingYouAwake",
        "keep-awake tool on device d2: Mouse Jiggler MJ-3",
    ]


def test_the_fleet_tool_is_told_apart_where_the_events_name_no_device():
    # An MDM export without device ids: each identity's events are its own device.
    rows = [(f"p{i}", None, "software", "ScreenConnect Client") for i in range(30)]
    rows += [("p0", None, "software", "AnyDesk"), ("p1", None, "software", "AnyDesk")]
    rows += [("p1", None, "software", "RustDesk")]
    out = endpoint.remote_tool_stack(events(rows))
    assert out["contractor_id"].to_list() == ["p1"]
    assert (
        out["evidence"][0] == "2 remote-control tools on device (no device id): AnyDesk, RustDesk"
    )


def test_events_without_a_device_id_count_as_one_unnamed_device():
    ctx = events([("a", None, "software", "AnyDesk"), ("a", None, "software", "RustDesk")])
    assert endpoint.remote_tool_stack(ctx)["evidence"][0].startswith(
        "2 remote-control tools on device (no device id)"
    )


def test_ip_kvm_leaves_a_kvm_the_logins_already_name_to_remote_tool():
    ctx = FlagContext.build(
        endpoint_events={
            "contractor_id": ["a", "b"],
            "device_id": ["d1", "d2"],
            "kind": ["hid", "hid"],
            "name": ["PiKVM Keyboard", "PiKVM Keyboard"],
        },
        logins={"contractor_id": ["a", "b"], "remote_tool": ["IP-KVM", "anydesk"]},
    )
    assert endpoint.ip_kvm(ctx)["contractor_id"].to_list() == ["b"]
