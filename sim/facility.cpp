#include "sim/facility.hpp"

namespace dcsim {

FacilityModel::FacilityModel(const SiteLayout& layout, const CoolingSpec& cooling) : layout_(&layout) {
  conditions_.supply_air_C = cooling.supply_temperature_C;
}

FacilityPower FacilityModel::evaluate(double servers_W, double network_W, const weather::WeatherHour& outdoor) const {
  FacilityPower f;
  f.servers_W = servers_W;
  f.network_W = network_W;
  const auto& chain = *layout_->power_chain;
  // IT-path losses do not depend on the cooling load unless cooling is fed through the UPS; evaluate once
  // with the heat they make, then again with the cooling load on the transformer.
  const auto it_only = chain.evaluate(f.it_W(), 0.0);
  f.heat_W = f.it_W() + it_only.heat_to_room_W;
  cooling::ConditionsIn c = conditions_;
  c.outdoor_dry_bulb_C = outdoor.dry_bulb_C;
  c.outdoor_dew_point_C = outdoor.dew_point_C;
  c.outdoor_wet_bulb_C = outdoor.wet_bulb_C;
  c.pressure_Pa = outdoor.pressure_Pa;
  f.cooling_W = layout_->cooling->cooling_power_W(f.heat_W, c);
  const auto full = chain.evaluate(f.it_W(), f.cooling_W);
  f.pdu_loss_W = full.pdu_loss_W;
  f.ups_loss_W = full.ups_loss_W;
  f.transformer_loss_W = full.transformer_loss_W;
  f.facility_W = full.facility_W;
  return f;
}

}  // namespace dcsim
