#include "models/storage/hierarchy.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace dcsim::storage {

const char* level_name(Level level) {
  switch (level) {
    case Level::Disk: return "disk";
    case Level::Node: return "node";
    case Level::Rack: return "rack";
    case Level::Pdu: return "pdu";
    case Level::Root: return "root";
  }
  return "?";
}

Hierarchy::Hierarchy() { add_item(Level::Root, kNoItem, 0.0); }

Hierarchy Hierarchy::uniform(int racks, int nodes_per_rack, int disks_per_node, double disk_weight) {
  if (racks < 0 || nodes_per_rack < 1 || disks_per_node < 1)
    throw std::invalid_argument("Hierarchy::uniform: need racks >= 0, nodes_per_rack >= 1, disks_per_node >= 1");
  Hierarchy h;
  const int rack_count = racks == 0 ? 1 : racks;
  for (int r = 0; r < rack_count; ++r) {
    const ItemId rack = racks == 0 ? h.root() : h.add_bucket(Level::Rack, h.root());
    for (int n = 0; n < nodes_per_rack; ++n) {
      const ItemId node = h.add_bucket(Level::Node, rack);
      for (int d = 0; d < disks_per_node; ++d) h.add_disk(node, disk_weight);
    }
  }
  return h;
}

ItemId Hierarchy::check(ItemId item) const {
  if (item < 0 || item >= size())
    throw std::out_of_range("storage::Hierarchy: no item " + std::to_string(item));
  return item;
}

ItemId Hierarchy::add_item(Level level, ItemId parent, double weight) {
  const ItemId id = size();
  level_.push_back(static_cast<std::uint8_t>(level));
  out_.push_back(0);
  parent_.push_back(parent);
  first_child_.push_back(kNoItem);
  last_child_.push_back(kNoItem);
  next_sibling_.push_back(kNoItem);
  num_children_.push_back(0);
  weight_.push_back(0.0);
  if (parent != kNoItem) {
    if (last_child_[parent] == kNoItem)
      first_child_[parent] = id;
    else
      next_sibling_[last_child_[parent]] = id;
    last_child_[parent] = id;
    ++num_children_[parent];
  }
  if (weight != 0.0) {
    weight_[id] = weight;
    add_to_ancestors(id, weight);
  }
  return id;
}

void Hierarchy::add_to_ancestors(ItemId item, double delta) {
  for (ItemId a = parent_[item]; a != kNoItem; a = parent_[a]) weight_[a] += delta;
}

ItemId Hierarchy::add_bucket(Level level, ItemId parent) {
  check(parent);
  if (level == Level::Disk || level == Level::Root)
    throw std::invalid_argument("storage::Hierarchy::add_bucket: level must be pdu, rack or node");
  if (static_cast<int>(level) >= level_[parent])
    throw std::invalid_argument(std::string("storage::Hierarchy::add_bucket: a ") + level_name(level) +
                                " cannot sit under a " + level_name(Level(level_[parent])));
  return add_item(level, parent, 0.0);
}

ItemId Hierarchy::add_disk(ItemId parent, double weight) {
  check(parent);
  if (level_[parent] == static_cast<std::uint8_t>(Level::Disk))
    throw std::invalid_argument("storage::Hierarchy::add_disk: parent is a disk");
  if (!(weight >= 0.0) || !std::isfinite(weight))
    throw std::invalid_argument("storage::Hierarchy::add_disk: weight must be finite and >= 0");
  ++num_disks_;
  return add_item(Level::Disk, parent, weight);
}

void Hierarchy::set_weight(ItemId disk, double weight) {
  check(disk);
  if (level_[disk] != static_cast<std::uint8_t>(Level::Disk))
    throw std::invalid_argument("storage::Hierarchy::set_weight: only disks carry their own weight");
  if (!(weight >= 0.0) || !std::isfinite(weight))
    throw std::invalid_argument("storage::Hierarchy::set_weight: weight must be finite and >= 0");
  const double delta = weight - weight_[disk];
  weight_[disk] = weight;
  add_to_ancestors(disk, delta);
}

void Hierarchy::set_out(ItemId item, bool out) { out_[check(item)] = out ? 1 : 0; }

bool Hierarchy::is_effectively_out(ItemId item) const {
  for (ItemId a = check(item); a != kNoItem; a = parent_[a])
    if (out_[a]) return true;
  return false;
}

std::vector<ItemId> Hierarchy::children(ItemId item) const {
  std::vector<ItemId> out;
  out.reserve(num_children(item));
  for (ItemId c = first_child_[item]; c != kNoItem; c = next_sibling_[c]) out.push_back(c);
  return out;
}

ItemId Hierarchy::domain_of(ItemId item, Level level) const {
  ItemId a = check(item);
  const auto lv = static_cast<std::uint8_t>(level);
  if (level_[a] > lv) return a;  // already above the level: its own domain
  while (parent_[a] != kNoItem && level_[parent_[a]] <= lv) a = parent_[a];
  return a;
}

std::vector<ItemId> Hierarchy::items_at(Level level) const {
  std::vector<ItemId> out;
  for (ItemId i = 0; i < size(); ++i)
    if (level_[i] == static_cast<std::uint8_t>(level)) out.push_back(i);
  return out;
}

}  // namespace dcsim::storage
