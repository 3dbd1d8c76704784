"""load_profiles keeps the list of profile files while the directories are unchanged."""

from policydocs.clean.profiles import load_profiles


def test_a_profile_added_or_removed_is_seen(tmp_path, monkeypatch):
    (tmp_path / "sites").mkdir()
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(tmp_path))
    before = len(load_profiles()[1])
    profile = tmp_path / "sites" / "zz_test.toml"
    profile.write_text('name = "zz_test"\nmarkers = ["zz-test-marker"]\n', encoding="utf-8")
    assert [p.name for p in load_profiles()[1]].count("zz_test") == 1
    profile.unlink()
    assert len(load_profiles()[1]) == before
