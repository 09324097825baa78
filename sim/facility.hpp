// Facility power at one instant: IT load (servers + network) through PDU -> UPS -> transformer, heat
// (IT + in-room chain losses) removed by the cooling plant, cooling fed through the transformer. Energy
// balance holds by construction: facility = it + network + losses + cooling, checked in every run.
#pragma once
#include "models/cooling/cop_models.hpp"
#include "models/weather/weather.hpp"
#include "sim/scenario.hpp"
#include "sim/site_layout.hpp"

namespace dcsim {

struct FacilityPower {
  double servers_W = 0, network_W = 0;
  double pdu_loss_W = 0, ups_loss_W = 0, transformer_loss_W = 0;
  double heat_W = 0;  // heat the cooling plant removes
  double cooling_W = 0;
  double facility_W = 0;
  double it_W() const { return servers_W + network_W; }
  double losses_W() const { return pdu_loss_W + ups_loss_W + transformer_loss_W; }
};

class FacilityModel {
 public:
  FacilityModel(const SiteLayout& layout, const CoolingSpec& cooling);
  FacilityPower evaluate(double servers_W, double network_W, const weather::WeatherHour& outdoor) const;

 private:
  const SiteLayout* layout_;
  cooling::ConditionsIn conditions_;
};

}  // namespace dcsim
