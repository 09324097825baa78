// Facility power at one instant: IT load (servers + network) through PDU -> UPS -> transformer, heat
// (IT + in-room chain losses) removed by the cooling design (sim/cooling_plant.hpp), cooling fed through the
// transformer, rack inlet air from the supply temperature + containment approach. Invariants, checked at every
// evaluation by the callers: facility = IT + cooling + losses; heat removed (liquid + air) + unmet = IT heat +
// in-room losses.
#pragma once
#include "models/power/power_chain.hpp"
#include "models/weather/weather.hpp"
#include "sim/cooling_plant.hpp"
#include "sim/scenario.hpp"
#include "sim/site_layout.hpp"

namespace dcsim {

struct FacilityPower {
  double servers_W = 0, network_W = 0;
  double pdu_loss_W = 0, ups_loss_W = 0, transformer_loss_W = 0;
  double heat_W = 0;  // heat the cooling plant removes (IT + in-room losses)
  double cooling_W = 0;
  double facility_W = 0;
  CoolingBreakdown cooling;          // by subsystem (empty when the plant is a bare CoolingModel)
  double rack_inlet_C = 0;           // supply + containment approach
  double rack_inlet_dew_point_C = 0;
  double rack_inlet_rh = 0;
  double it_W() const { return servers_W + network_W; }
  double losses_W() const { return pdu_loss_W + ups_loss_W + transformer_loss_W; }
  // |facility - (IT + losses + cooling)| and |removed + unmet - heat|, W.
  double energy_balance_error_W() const { return std::abs(facility_W - (it_W() + losses_W() + cooling_W)); }
  double heat_balance_error_W() const {
    return cooling.heat_W > 0 ? std::abs(cooling.liquid_heat_W + cooling.air_heat_W + cooling.unmet_W - heat_W) : 0.0;
  }
};

// Site totals needed to apply the server thermal response (CoolingSpec::server_thermal) in design years:
// load u = (P - P_idle) / (P_peak - P_idle) over all servers, each server at the site's mean.
struct ServerTotals {
  double idle_W = 0, peak_W = 0;
  long servers = 0;
};
ServerTotals server_totals(const SiteLayout& layout);

// The model behind both the event-driven run and the hourly design-year.
class FacilityEvaluator {
 public:
  // plant may be null: then `cooling` (a bare CoolingModel) gives only the total.
  FacilityEvaluator(const power::PowerChain& chain, const cooling::CoolingModel& cooling, const CoolingSpec& spec);
  // remove_immersion_fans: subtract the server fans an immersion design removes from the servers' power, and
  // apply the server thermal response when enabled (year runs; the event-driven run keeps the engine's own
  // server power).
  FacilityPower evaluate(double servers_W, double network_W, const weather::WeatherHour& outdoor,
                         bool remove_immersion_fans = false) const;
  const FacilityPlant* plant() const { return plant_; }
  // Enables the server thermal response in design years (when spec.server_thermal).
  void set_server_totals(const ServerTotals& totals) { totals_ = totals; }

 private:
  ServerTotals totals_;
  const power::PowerChain* chain_;
  const cooling::CoolingModel* cooling_;
  const FacilityPlant* plant_;
  const CoolingSpec* spec_;
};

class FacilityModel {
 public:
  FacilityModel(const SiteLayout& layout, const CoolingSpec& cooling);
  FacilityPower evaluate(double servers_W, double network_W, const weather::WeatherHour& outdoor) const {
    return evaluator_.evaluate(servers_W, network_W, outdoor, false);
  }

 private:
  FacilityEvaluator evaluator_;
};

}  // namespace dcsim
