# frozen_string_literal: true

require "test_helper"

# Values cross as JSON (docs/values.md, "--json shows"): mquickjs-ruby's conversions where JSON
# can express them.
class ConversionTest < Minitest::Test
  def value(code)
    Bunker.eval(code).value
  end

  def test_primitives_from_js
    assert_nil value("null")
    assert_nil value("undefined")
    assert_equal true, value("true")
    assert_equal false, value("false")
    assert_equal "héllo ✓ 🎉", value("'héllo ✓ 🎉'")
    assert_equal Encoding::UTF_8, value("'x'").encoding
  end

  def test_whole_numbers_come_back_as_integers
    assert_equal [42, -7, 4, 3, 1_073_741_824, 9_007_199_254_740_992, 0],
                 value("[42, -7, Math.sqrt(16), 1.5 * 2, 2 ** 30, 2 ** 53, -0]")
    assert_equal [Integer] * 7, value("[42, -7, Math.sqrt(16), 1.5 * 2, 2 ** 30, 2 ** 53, -0]").map(&:class)
  end

  def test_fractions_and_huge_numbers_come_back_as_floats
    assert_equal [1.5, 0.30000000000000004, 1.0e21], value("[1.5, 0.1 + 0.2, 1e21]")
    assert_instance_of Float, value("1e21")
  end

  def test_non_finite_numbers_become_nil
    assert_equal [nil, nil, nil], value("[NaN, Infinity, -Infinity]")
  end

  def test_strings_keep_nul_characters
    assert_equal "a\u0000b", value("'a\\u0000b'")
  end

  def test_arrays_and_objects_recursively_with_string_keys
    assert_equal [1, [2, [3]], { "a" => { "b" => [true] } }], value("[1, [2, [3]], {a: {b: [true]}}]")
    assert_equal %w[z a m], value("({z: 1, a: 2, m: 3})").keys, "insertion order"
    assert_equal({ "x" => 1 }, value("Object.assign(Object.create(null), {x: 1})"))
    assert_equal({ "x" => 1, "y" => 2 }, value("class P { constructor() { this.x = 1; this.y = 2 } get z() { return 3 } }; new P()"))
  end

  def test_other_js_values_as_json_shows_them
    assert_equal "1970-01-01T00:00:00.000Z", value("new Date(0)")
    assert_equal({ "a" => 1 }, value("new Map([['a', 1]])"))
    assert_equal [1, 2], value("new Set([1, 2])")
    assert_equal [10, "18446744073709551616"], value("[10n, 2n ** 64n]")
    assert_equal "/x/g", value("/x/g")
    assert_equal [1, 2, 255], value("new Uint8Array([1, 2, 255])")
    assert_equal({ "self" => "[Circular]" }, value("const o = {}; o.self = o; o"))
  end

  def test_functions_cannot_cross
    error = assert_raises(Bunker::JavascriptError) { value("(function f() {})") }
    assert_equal "DataCloneError: function at value could not be cloned", error.message
  end

  def test_ruby_values_into_js_and_back
    sb = sandbox
    {
      "nil" => nil, "t" => true, "f" => false, "int" => 42, "neg" => -7, "float" => 1.5,
      "str" => "héllo\u0000✓", "arr" => [1, "two", [3.5, nil]],
      "hash" => { "a" => { "b" => [1, { "c" => false }] } }
    }.each do |name, ruby|
      sb.set_variable(name, ruby)
      ruby.nil? ? assert_nil(sb.eval(name).value, name) : assert_equal(ruby, sb.eval(name).value, name)
    end
  end

  def test_js_sees_the_types_it_should
    sb = sandbox
    sb.set_variable("v", [1, 1.5, "s", true, nil, [], {}])
    assert_equal %w[number number string boolean object object object],
                 sb.eval("v.map((x) => typeof x)").value
    assert_equal [true, false, true], sb.eval("[Number.isInteger(v[0]), Number.isInteger(v[1]), v[4] === null]").value
  end

  def test_ruby_specific_values_follow_mquickjs
    sb = sandbox
    sb.set_variable("sym", :hello)
    assert_equal "hello", sb.eval("sym").value
    sb.set_variable("keys", { a: 1, 2 => "two", nil => 3 })
    assert_equal({ "a" => 1, "2" => "two", "" => 3 }, sb.eval("keys").value)
    sb.set_variable("medium", 2**40)
    assert_equal [1_099_511_627_776, "number"], sb.eval("[medium, typeof medium]").value
    sb.set_variable("huge", 2**64)
    assert_equal ["18446744073709551616", "string"], sb.eval("[huge, typeof huge]").value
    sb.set_variable("range", 1..3)
    assert_equal "1..3", sb.eval("range").value
    sb.set_variable("nan", [Float::NAN, Float::INFINITY])
    assert_equal [nil, nil], sb.eval("nan").value
  end

  def test_strings_in_other_encodings_are_converted_to_utf8
    sb = sandbox
    sb.set_variable("latin", "caf\xE9".dup.force_encoding(Encoding::ISO_8859_1))
    assert_equal "café", sb.eval("latin").value
    sb.set_variable("bytes", "ok".b)
    assert_equal "ok", sb.eval("bytes").value
  end

  def test_bytes_that_are_not_text_are_refused
    error = assert_raises(Bunker::ArgumentError) { sandbox.set_variable("bad", { "k" => "\xFF".b }) }
    assert_equal 'value["k"] is not valid UTF-8', error.message
  end

  def test_cycles_are_refused_instead_of_overflowing_the_stack
    cyclic = { "a" => [] }
    cyclic["a"] << cyclic
    error = assert_raises(Bunker::ArgumentError) { sandbox.set_variable("c", cyclic) }
    assert_equal 'value["a"][0] contains itself (a cycle)', error.message
    shared = [1]
    sb = sandbox
    sb.set_variable("twice", [shared, shared])
    assert_equal [[1], [1]], sb.eval("twice").value, "a shared (acyclic) value is fine"
  end
end
