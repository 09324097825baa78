// Synthetic workload generators (all seeded through core/rng.hpp; same seed -> same workload):
//   arrival_process.hpp      diurnal Poisson arrivals by thinning
//   vm_type_mix.hpp          weighted VM types -> (cores, memory)
//   distribution.hpp         lifetimes: fixed, exponential, lognormal, weibull, uniform; residual lives
//   utilization_process.hpp  counter-based per-VM AR(1) utilization with Beta-distributed VM means
//   population.hpp           steady-state pre-population at t = 0
//   random_variates.hpp      portable normal / gamma / Poisson variates
#pragma once
#include "models/workload/arrival_process.hpp"
#include "models/workload/distribution.hpp"
#include "models/workload/population.hpp"
#include "models/workload/random_variates.hpp"
#include "models/workload/utilization_process.hpp"
#include "models/workload/vm_type_mix.hpp"
