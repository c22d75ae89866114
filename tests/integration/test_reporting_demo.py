"""`demo --province`: N districts of one province, one late, one missing, imported at the province."""

import json

import pytest

from moi_desktop.cli import main


@pytest.mark.slow
def test_province_demo(tmp_path, capsys):
    path = tmp_path / "prov.sqlite3"
    assert main(["demo", "--db", str(path), "--province", "62", "--districts", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    states = {c: d["state"] for c, d in out["districts"].items()}
    assert sorted(states.values()) == ["late", "missing", "on_time"]
    for d in out["districts"].values():
        assert (tmp_path / d["db"]).exists()
    assert main(["submission", "status", "--db", str(path), "--obligation", "disbursement",
                 "--period", out["period"], "--periods", "1"]) == 0
    board = json.loads(capsys.readouterr().out)[0]
    got = {r["district"]: r["cells"][0]["state"] for r in board["districts"]}
    assert got == {c: {"on_time": "sent", "late": "late", "missing": "missing"}[s] for c, s in states.items()}
    # the districts' data differ
    counts = []
    for d in out["districts"].values():
        assert main(["info", "--db", d["db"], "--json"]) == 0
        info = json.loads(capsys.readouterr().out)
        counts.append(json.dumps(info.get("tables", info), sort_keys=True, default=str))
    assert len(set(counts)) == 3
