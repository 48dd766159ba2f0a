# frozen_string_literal: true

require "test_helper"

# Fuzz: the shapes a script can return, print and throw, through the real sandbox and server
# (issue 11, item 3): random nesting, lone surrogates and control characters, weird keys, numbers
# of every kind, large and shared strings. Each case is written as JS source and as the Ruby value
# the rendering rules (docs/values.md) promise; a case may fail only as its own Bunker error, and
# the connection and another sandbox are untouched. Seeded and bounded: BUNKER_FUZZ_SEED=n.
class FuzzValuesTest < Minitest::Test
  SEED = Integer(ENV.fetch("BUNKER_FUZZ_SEED", "2222"))
  CASES = 150
  KEYS = ["__proto__", "constructor", "", "$t", "toString", "json_class", "1", "42", "-1", "01", "a b"].freeze

  # A JS value as [source, the Ruby value it must arrive as, kept in an object?].
  Case = Struct.new(:js, :ruby, :kept)

  def setup
    @rng = Random.new(SEED)
  end

  def units
    Array.new(@rng.rand(0..10)) do
      case @rng.rand(8)
      when 0 then @rng.rand(0xD800..0xDBFF) # high surrogate, alone or paired below
      when 1 then @rng.rand(0xDC00..0xDFFF)
      when 2 then @rng.rand(0..0x1F)
      when 3 then [0x22, 0x5C, 0x7F, 0x2028, 0xFEFF, 0xE9, 0x4E2D].sample(random: @rng)
      else @rng.rand(0x20..0x7E)
      end
    end
  end

  def js_string(code_units)
    "\"#{code_units.map { |u| format('\\u%04x', u) }.join}\""
  end

  # What toWellFormed makes of the code units, in UTF-8.
  def well_formed(code_units)
    out = +""
    i = 0
    while i < code_units.length
      u = code_units[i]
      if (0xD800..0xDBFF).cover?(u) && (0xDC00..0xDFFF).cover?(code_units[i + 1])
        out << (0x10000 + ((u - 0xD800) << 10) + (code_units[i + 1] - 0xDC00))
        i += 2
        next
      end
      out << ((0xD800..0xDFFF).cover?(u) ? 0xFFFD : u)
      i += 1
    end
    out.force_encoding(Encoding::UTF_8)
  end

  def number
    case @rng.rand(6)
    when 0 then Case.new(@rng.rand(-2**53..2**53).to_s, nil).tap { |c| c.ruby = Integer(c.js) }
    when 1 then special_number
    when 2 then bigint
    else
      f = [-1, 1].sample(random: @rng) * @rng.rand * (10.0**@rng.rand(-320..320))
      return Case.new(f.to_s, nil) unless f.finite?

      # A whole number arrives as the Integer JS writes: its shortest digits, zeros after them.
      Case.new(f.to_s, f == f.floor && f.abs < 1e21 ? f.to_s.to_r.to_i : f)
    end
  end

  def special_number
    js, ruby = [["NaN", nil], ["Infinity", nil], ["-Infinity", nil], ["-0", 0], ["1e21", 1e21],
                ["Number.MAX_VALUE", Float::MAX], ["5e-324", 5e-324]].sample(random: @rng)
    Case.new(js, ruby)
  end

  def bigint
    n = @rng.rand(-2**80..2**80)
    Case.new("#{n}n", n.abs <= 2**53 - 1 ? n : n.to_s)
  end

  def leaf
    case @rng.rand(7)
    when 0, 1
      code_units = units
      Case.new(js_string(code_units), well_formed(code_units))
    when 2 then number
    when 3 then Case.new(%w[true false null].sample(random: @rng), nil).tap { |c| c.ruby = { "true" => true, "false" => false }[c.js] }
    when 4 then Case.new("undefined", nil, false)
    when 5
      ms = @rng.rand(0..4_102_444_800_000)
      Case.new("new Date(#{ms})", Time.at(Rational(ms, 1000)).utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ"))
    else Case.new("'#{'s' * @rng.rand(0..3000)}'", nil).tap { |c| c.ruby = c.js[1..-2] }
    end
  end

  def value(depth)
    return leaf if depth > 5 || @rng.rand(3).zero?

    case @rng.rand(4)
    when 0 then array(depth)
    when 1 then set(depth)
    else object(depth)
    end
  end

  def array(depth)
    items = Array.new(@rng.rand(0..5)) { value(depth + 1) }
    Case.new("[#{items.map(&:js).join(',')}]", items.map(&:ruby))
  end

  def set(depth)
    items = Array.new(@rng.rand(0..4)) { number }
    # A Set keeps the first of equal items (SameValueZero: NaN equals NaN, -0 equals 0).
    distinct = items.uniq { |c| c.js == "-0" ? "0" : c.js }
    Case.new("new Set([#{items.map(&:js).join(',')}])", distinct.map(&:ruby))
  end

  # Keys as JS orders them: array indices first, ascending, then the rest in insertion order; a
  # repeated key keeps its first place and its last value. Then, rendered: entries whose value is
  # undefined are left out, keys are made well-formed (two may become one: the later wins).
  def object(depth)
    entries = Array.new(@rng.rand(0..5)) do
      key_units = @rng.rand(2).zero? ? KEYS.sample(random: @rng).unpack("U*") : units
      [key_units, value(depth + 1)]
    end
    js = entries.map { |(key_units, item)| "[#{js_string(key_units)}]: #{item.js}" }.join(", ")
    order = {}
    entries.each { |(key_units, item)| order[key_units] = item }
    index = ->(k) { k.all? { |u| u.between?(0x30, 0x39) } && !k.empty? && (k == [0x30] || k[0] != 0x30) && k.pack("U*").to_i < 2**32 - 1 }
    ordered = order.select { |k, _| index.call(k) }.sort_by { |k, _| k.pack("U*").to_i } + order.reject { |k, _| index.call(k) }.to_a
    ruby = {}
    ordered.each { |(key_units, item)| ruby[well_formed(key_units)] = item.ruby unless item.kept == false }
    Case.new("({#{js}})", ruby)
  end

  def check(sb, code, expected, what)
    result = sb.eval(code)
    message = "seed #{SEED}, #{what}: #{code[0, 300]}"
    expected.nil? ? assert_nil(result.value, message) : assert_equal(expected, result.value, message)
    result
  end

  def test_random_values_console_and_errors_arrive_as_the_rendering_rules_say
    sb = sandbox(memory_limit: "256mb")
    bystander = sandbox
    bystander.set_variable("kept", "state")
    pid = Bunker.client.connection.pid
    CASES.times do |i|
      c = value(0)
      c.ruby = nil if c.kept == false
      check(sb, "(#{c.js})", c.ruby, "case #{i}")

      printed = units
      result = check(sb, "console.log(#{js_string(printed)}); 0", 0, "console #{i}")
      assert_equal "#{well_formed(printed)}\n", result.console_output, "seed #{SEED}, console #{i}"
      assert result.console_output.valid_encoding?

      thrown = units
      error = assert_raises(Bunker::JavascriptError) { sb.eval("throw new Error(#{js_string(thrown)})") }
      assert_equal "Error: #{well_formed(thrown)}", error.message, "seed #{SEED}, throw #{i}"
    end
    assert_equal "state", bystander.eval("kept").value
    assert_equal pid, Bunker.client.connection.pid
  end

  def test_deep_and_large_values_near_their_limits
    sb = sandbox(memory_limit: "512mb")
    6.times do |i|
      levels = @rng.rand(990..1010)
      code = "var o = 'leaf'; for (var i = 0; i < #{levels}; i++) o = #{i.even? ? '[o]' : '({k: o})'}; o"
      if levels <= 1000
        value = sb.eval(code).value
        levels.times { value = i.even? ? value.fetch(0) : value.fetch("k") }
        assert_equal "leaf", value, "seed #{SEED}: #{levels} levels"
      else
        error = assert_raises(Bunker::JavascriptError) { sb.eval(code) }
        assert_match(/\ADataCloneError: nesting deeper than 1000 at value/, error.message)
      end
    end
    size = @rng.rand(1..4) * 1024 * 1024
    copies = @rng.rand(2..5)
    fits = copies * (size + 3) <= 32 * 1024 * 1024 - 1024
    code = "const s = 'z'.repeat(#{size}); Array(#{copies}).fill(s)"
    if fits
      assert_equal ["z" * size] * copies, sb.eval(code).value
    else
      assert_raises(Bunker::JavascriptError) { sb.eval(code) }
    end
    error = assert_raises(Bunker::JavascriptError) { sb.eval("const t = 'q'.repeat(#{8 * 1024 * 1024}); Array(#{@rng.rand(5..100)}).fill([t])") }
    assert_equal "RangeError: the result takes more than 33553408 bytes as JSON", error.message
    assert_equal 7, sb.eval("7").value
  end
end
