// Failure-domain tree for placement: root -> PDU -> rack -> node -> disk (levels may be skipped, e.g. root ->
// node -> disk). Every item has a weight: a disk's own (its capacity in bytes, or any relative unit), a
// bucket's = sum of its children's weights, as in CRUSH (Weil et al., SC 2006) where a bucket's weight is the
// sum of the devices below it. Items can be added at any time (online expansion: existing ids never change,
// so existing placements stay put), marked out (failed: placement rejects them and retries, like a Ceph
// OSD marked out) or re-weighted (a disk's weight; ancestors follow).
// Storage is flat (struct of arrays indexed by item id; children as first-child/next-sibling links).
#pragma once
#include <cstdint>
#include <vector>

namespace dcsim::storage {

using ItemId = std::int32_t;
inline constexpr ItemId kNoItem = -1;

// Failure-domain levels, leaf first. Pdu is a power domain spanning several racks (Ford et al., OSDI 2010).
enum class Level : std::uint8_t { Disk = 0, Node = 1, Rack = 2, Pdu = 3, Root = 4 };

const char* level_name(Level level);

class Hierarchy {
 public:
  Hierarchy();  // creates the root, id 0

  // Uniform tree root -> racks -> nodes -> disks, every disk of weight disk_weight (racks == 0: nodes
  // directly under the root).
  static Hierarchy uniform(int racks, int nodes_per_rack, int disks_per_node, double disk_weight);

  ItemId root() const { return 0; }
  // A bucket (Pdu, Rack or Node) under parent; its level must be below the parent's.
  ItemId add_bucket(Level level, ItemId parent);
  // A disk under a bucket; weight >= 0 (0 = holds nothing, e.g. drained).
  ItemId add_disk(ItemId parent, double weight);
  // Changes a disk's weight (capacity); ancestors are updated by the difference.
  void set_weight(ItemId disk, double weight);
  // Marks an item (any level) out or back in. Out items keep their weight (CRUSH semantics: the data of
  // an out item is re-placed elsewhere, everything else stays).
  void set_out(ItemId item, bool out = true);

  int size() const { return static_cast<int>(level_.size()); }
  int num_disks() const { return num_disks_; }
  Level level(ItemId item) const { return static_cast<Level>(level_[check(item)]); }
  ItemId parent(ItemId item) const { return parent_[check(item)]; }
  double weight(ItemId item) const { return weight_[check(item)]; }
  bool is_out(ItemId item) const { return out_[check(item)] != 0; }
  // Out itself or below an out ancestor.
  bool is_effectively_out(ItemId item) const;
  ItemId first_child(ItemId item) const { return first_child_[check(item)]; }
  ItemId next_sibling(ItemId item) const { return next_sibling_[check(item)]; }
  int num_children(ItemId item) const { return num_children_[check(item)]; }
  std::vector<ItemId> children(ItemId item) const;
  // The failure domain of `item` at `level`: the highest item on its path (itself included) whose level is
  // <= `level`, i.e. where a descent from the root stops. Normally the ancestor of that level; in a tree
  // that skips the level, the first item below it acts as the domain.
  ItemId domain_of(ItemId item, Level level) const;
  // All items of a level, in id order.
  std::vector<ItemId> items_at(Level level) const;

 private:
  ItemId check(ItemId item) const;
  ItemId add_item(Level level, ItemId parent, double weight);
  void add_to_ancestors(ItemId item, double delta);

  std::vector<std::uint8_t> level_;
  std::vector<std::uint8_t> out_;
  std::vector<ItemId> parent_;
  std::vector<ItemId> first_child_;
  std::vector<ItemId> last_child_;
  std::vector<ItemId> next_sibling_;
  std::vector<std::int32_t> num_children_;
  std::vector<double> weight_;
  int num_disks_ = 0;
};

}  // namespace dcsim::storage
