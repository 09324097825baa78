# Storage and failure subsystem (sim/storage/). storage_spec.cpp and storage_system.cpp are listed in
# sim/module.cmake; further sources of this directory would be added here with target_sources(dcsim_sim PRIVATE ...).
