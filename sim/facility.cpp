#include "sim/facility.hpp"

#include <algorithm>
#include <cmath>

#include "models/thermal/server_thermal.hpp"
#include "models/weather/psychrometrics.hpp"

namespace dcsim {

FacilityEvaluator::FacilityEvaluator(const power::PowerChain& chain, const cooling::CoolingModel& cooling,
                                     const CoolingSpec& spec)
    : chain_(&chain), cooling_(&cooling), plant_(dynamic_cast<const FacilityPlant*>(&cooling)), spec_(&spec) {}

FacilityPower FacilityEvaluator::evaluate(double servers_W, double network_W, const weather::WeatherHour& outdoor,
                                          bool remove_immersion_fans) const {
  FacilityPower f;
  f.servers_W = servers_W;
  if (remove_immersion_fans && spec_->server_thermal && totals_.servers > 0 && spec_->type != "immersion") {
    // Inlet at the supply setpoint + approach; fan-less curve power scaled by leakage, fans added.
    thermal::ServerThermalParams tp;
    tp.leakage.per_K = spec_->leakage_per_K;
    tp.fan.max_power_W = spec_->server_fan_max_W;
    const double n = static_cast<double>(totals_.servers);
    const double u = totals_.peak_W > totals_.idle_W
                         ? std::clamp((servers_W - totals_.idle_W) / (totals_.peak_W - totals_.idle_W), 0.0, 1.0)
                         : 0.0;
    const double inlet = spec_->supply_temperature_C + spec_->supply_approach_K;
    f.servers_W = n * thermal::server_power_W(tp, servers_W / n, u, inlet);
  }
  if (remove_immersion_fans && plant_) f.servers_W -= plant_->immersion_fan_W(servers_W);
  f.network_W = network_W;
  // IT-path losses do not depend on the cooling load unless cooling is fed through the UPS; evaluate once
  // with the heat they make, then again with the cooling load on the transformer.
  const auto it_only = chain_->evaluate(f.it_W(), 0.0);
  f.heat_W = f.it_W() + it_only.heat_to_room_W;
  if (plant_) {
    f.cooling = plant_->evaluate(f.heat_W, f.servers_W, outdoor);
    f.cooling_W = f.cooling.total_W;
  } else {
    cooling::ConditionsIn c;
    c.supply_air_C = spec_->supply_temperature_C;
    c.return_air_C = spec_->supply_temperature_C + spec_->air_delta_T_K;
    c.outdoor_dry_bulb_C = outdoor.dry_bulb_C;
    c.outdoor_dew_point_C = outdoor.dew_point_C;
    c.outdoor_wet_bulb_C = outdoor.wet_bulb_C;
    c.pressure_Pa = outdoor.pressure_Pa;
    f.cooling_W = cooling_->cooling_power_W(f.heat_W, c);
    f.cooling.heat_W = f.cooling.air_heat_W = f.heat_W;
    f.cooling.compressor_W = f.cooling.total_W = f.cooling_W;
    f.cooling.supply_air_C = spec_->supply_temperature_C;
    f.cooling.supply_dew_point_C = std::min(spec_->room_dew_point_C, spec_->supply_temperature_C);
  }
  const auto full = chain_->evaluate(f.it_W(), f.cooling_W);
  f.pdu_loss_W = full.pdu_loss_W;
  f.ups_loss_W = full.ups_loss_W;
  f.transformer_loss_W = full.transformer_loss_W;
  f.facility_W = full.facility_W;
  f.rack_inlet_C = f.cooling.supply_air_C + spec_->supply_approach_K;
  // Mixing with warm exhaust adds no moisture: the inlet keeps the supply air's dew point.
  f.rack_inlet_dew_point_C = std::min(f.cooling.supply_dew_point_C, f.rack_inlet_C);
  f.rack_inlet_rh = weather::relative_humidity_from_dew_point(f.rack_inlet_C, f.rack_inlet_dew_point_C);
  return f;
}

ServerTotals server_totals(const SiteLayout& L) {
  ServerTotals t;
  t.servers = L.servers();
  for (long s = 0; s < L.servers(); ++s) {
    const auto& curve = L.server_models[L.server_type[s]].pstate_at(0).curve;
    t.idle_W += curve.idle_W();
    t.peak_W += curve.peak_W();
  }
  return t;
}

FacilityModel::FacilityModel(const SiteLayout& layout, const CoolingSpec& cooling)
    : evaluator_(*layout.power_chain, *layout.cooling, cooling) {}

}  // namespace dcsim
