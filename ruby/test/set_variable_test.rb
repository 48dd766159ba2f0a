# frozen_string_literal: true

require "test_helper"

class SetVariableTest < Minitest::Test
  def test_defines_a_global_and_returns_the_value
    sb = sandbox
    data = { "items" => [1, 2, 3] }
    assert_same data, sb.set_variable("data", data)
    assert_equal [2, 4, 6], sb.eval("data.items.map((x) => x * 2)").value
    assert_equal 6, sb.eval("globalThis.data.items.reduce((a, b) => a + b)").value
  end

  def test_names_need_not_be_identifiers
    sb = sandbox
    ["my var", "123", "a-b", "ünïcode", "class"].each_with_index do |name, i|
      sb.set_variable(name, i)
      assert_equal i, sb.eval("globalThis[#{name.inspect}]").value, name
    end
  end

  def test_symbol_names
    sb = sandbox
    sb.set_variable(:answer, 42)
    assert_equal 42, sb.eval("answer").value
  end

  def test_an_empty_name_is_refused
    error = assert_raises(Bunker::ArgumentError) { sandbox.set_variable("", 1) }
    assert_equal "INVALID_ARGUMENT", error.code
    assert_equal "variable name must be a non-empty string", error.message
  end

  def test_a_name_that_is_not_a_string_is_refused
    error = assert_raises(Bunker::ArgumentError) { sandbox.set_variable(1, 1) }
    assert_equal "variable name must be a String, got Integer", error.message
  end

  def test_values_persist_and_can_be_replaced
    sb = sandbox
    sb.set_variable("x", 1)
    sb.eval("x += 1")
    assert_equal 2, sb.eval("x").value
    sb.set_variable("x", "replaced")
    assert_equal "replaced", sb.eval("x").value
  end

  def test_a_copy_crosses_not_a_reference
    sb = sandbox
    list = [1]
    sb.set_variable("list", list)
    sb.eval("list.push(2)")
    assert_equal [1], list
    assert_equal [1, 2], sb.eval("list").value
  end

  def test_a_large_structure
    sb = sandbox
    rows = Array.new(10_000) { |i| { "id" => i, "name" => "row #{i}", "tags" => %w[a b] } }
    sb.set_variable("rows", rows)
    assert_equal [10_000, 49_995_000], sb.eval("[rows.length, rows.reduce((s, r) => s + r.id, 0)]").value
  end
end
