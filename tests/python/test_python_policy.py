"""Python placement policies change results. Needs the engine hook Simulation::set_placement_callback
(dcsim._native.HAS_PLACEMENT_CALLBACK); skipped without it. Scenario: tests/data/small_site.yaml (8 servers of
4 cores; VM0 2 cores util 1.0 at 0 s for 1 h; two 4-core VMs at util 0.5 from 30 min for 2 h)."""
import pytest

from dcsim_testing import SMALL, dcsim_mod  # noqa: F401 - fixture


@pytest.fixture(scope="module", autouse=True)
def need_hook(dcsim_mod):
    from dcsim import _native
    if not _native.HAS_PLACEMENT_CALLBACK:
        pytest.skip("engine without Simulation::set_placement_callback (see docs/python.md, 'Placement hook')")


def reject_all(vm, hosts):
    return -1


def builtin(vm, hosts):
    return None


def bad_host(vm, hosts):
    return 10_000


def test_reject_all_policy_changes_results(dcsim_mod):
    ref = dcsim_mod.Scenario.load(SMALL).run()
    r = dcsim_mod.Scenario.load(SMALL).run(placement=reject_all)
    # Hand count: 3 VMs requested; built-in first-fit places all, the policy none, so IT energy falls to idle.
    assert (ref.summary["vms"]["placed"], ref.summary["vms"]["rejected"]) == (3, 0)
    assert (r.summary["vms"]["placed"], r.summary["vms"]["rejected"]) == (0, 3)
    # Linear 100 W idle x 8 servers x 4 h = 3.2 kWh of servers with nothing placed (hand computation).
    assert r.summary["energy_kWh"]["it"] == pytest.approx(3.2, rel=1e-9)
    assert r.summary["energy_kWh"]["it"] < ref.summary["energy_kWh"]["it"]


def test_last_fit_places_from_the_top(dcsim_mod):
    from dcsim.policy import last_fit
    with dcsim_mod.Simulation(SMALL, placement=last_fit) as sim:
        sim.run_until(3000)
        # Hand placement: VM0 on server 7 (2/4 = 0.5); the 4-core VMs do not fit beside it -> servers 6, 5.
        assert list(sim.utilizations()) == pytest.approx([0, 0, 0, 0, 0, 0.5, 0.5, 0.5], abs=1e-12)


def test_none_means_builtin(dcsim_mod):
    ref = dcsim_mod.Scenario.load(SMALL).run()
    r = dcsim_mod.Scenario.load(SMALL).run(placement=builtin)
    assert r.summary["energy_kWh"]["facility"] == pytest.approx(ref.summary["energy_kWh"]["facility"], rel=1e-12)


def test_policy_changed_mid_run(dcsim_mod):
    with dcsim_mod.Simulation(SMALL) as sim:
        sim.run_until(1000)
        sim.set_placement(lambda vm, hosts: -1)  # a lambda travels by value (cloudpickle)
        sim.run()
        # VM0 (t=0) was placed by first-fit; the two VMs arriving at 30 min meet the rejecting policy.
        assert (sim.totals()["vms_placed"], sim.totals()["vms_rejected"]) == (1, 2)


def test_bad_host_is_an_error(dcsim_mod):
    with pytest.raises(Exception, match="does not fit|host"):
        dcsim_mod.Scenario.load(SMALL).run(placement=bad_host)
