# frozen_string_literal: true

require "test_helper"
require "bunker/mquickjs"

# Host functions (issue 14) from Ruby, through the real server and sandbox: the script calls Ruby
# callables synchronously; values cross as JSON data both ways.
class FunctionsTest < Minitest::Test
  SLOW = { timeout_ms: 30_000 }.freeze

  def test_a_call_returns_the_block_value_synchronously_and_await_works_too
    seen = []
    result = Bunker.eval("var u = lookup(7); var v = await lookup(8); [u.name, v.id, typeof lookup]",
                         functions: { "lookup" => ->(id) { seen << id; { "id" => id, "name" => "user #{id}" } } }, **SLOW)
    assert_equal ["user 7", 8, "function"], result.value
    assert_equal [7, 8], seen
    assert_equal 2, result.stats[:host_calls]
  end

  def test_values_cross_as_json_data_both_ways
    got = nil
    sb = sandbox(**SLOW, functions: { echo: ->(*args) { got = args } })
    value = sb.eval(<<~JS).value
      echo(null, true, 1.5, -0, NaN, 12n, 'ü', [1, , 3], { a: undefined, b: { c: [1] } }, new Date(0),
           new Map([['k', 1]]), new Map([[1, 'v']]), new Set([1]), new Uint8Array([1, 255]), /a+/g,
           new TypeError('t'), 2n ** 64n)
    JS
    assert_equal [nil, true, 1.5, 0, nil, 12, "ü", [1, nil, 3], { "b" => { "c" => [1] } }, "1970-01-01T00:00:00.000Z",
                  { "k" => 1 }, [[1, "v"]], [1], [1, 255], "/a+/g"], got[0, 15]
    assert_equal({ "name" => "TypeError", "message" => "t" }, got[15].slice("name", "message"))
    assert_equal "18446744073709551616", got[16]
    assert_equal got.size, value.size
    back = sb.eval('const r = echo({ a: 1 }, [1, 2], "s", 2 ** 62); [r[0].a, r[1].length, r[2], typeof r[3]]').value
    assert_equal [1, 2, "s", "string"], back
  end

  def test_dotted_names_define_nested_objects_and_define_function_adds_more
    sb = sandbox(**SLOW, functions: { "db.users.find" => ->(id) { "u#{id}" } })
    assert_equal "db.count", sb.define_function("db.count") { 3 }
    sb.define_function(:"log.event", ->(name) { "logged #{name}" })
    assert_equal ["object", "u1", 3, "logged x"], sb.eval('[typeof db, db.users.find(1), db.count(), log.event("x")]').value
    sb.define_function("db.count") { 4 }
    assert_equal 4, sb.eval("db.count()").value
    error = assert_raises(Bunker::ArgumentError) { sb.define_function("db") { 0 } }
    assert_equal "INVALID_ARGUMENT", error.code
    assert_equal '"db" and "db.users.find" cannot both be functions (one is inside the other)', error.message
    ["", "1x", "a..b", "a.__proto__"].each do |bad|
      assert_raises(Bunker::ArgumentError, bad) { sb.define_function(bad) { 0 } }
    end
    assert_raises(Bunker::ArgumentError) { sb.define_function("nothing") }
  end

  def test_a_ruby_exception_is_a_host_function_error_in_the_script
    fail_with = ->(*) { raise KeyError, "no such record" }
    result = Bunker.eval(<<~JS, functions: { "find" => fail_with }, **SLOW)
      try { find(1) } catch (e) { [e.name, e.message, e instanceof Error, /\\.rb:|\\/work\\//.test(e.stack)] }
    JS
    assert_equal ["HostFunctionError", "no such record", true, false], result.value
    error = assert_raises(Bunker::JavascriptError) { Bunker.eval("find(1)", functions: { "find" => fail_with }, **SLOW) }
    assert_equal "HostFunctionError: no such record", error.message
  end

  def test_a_value_ruby_cannot_send_is_an_error_in_the_script
    cyclic = []
    cyclic << cyclic
    result = Bunker.eval("try { f() } catch (e) { e.name + ': ' + e.message }", functions: { "f" => -> { cyclic } }, **SLOW)
    assert_equal "HostFunctionError: value[0] contains itself (a cycle)", result.value
  end

  def test_a_value_too_large_for_a_line_is_an_error_in_the_script
    big = "x" * (33 * 1024 * 1024)
    result = Bunker.eval("try { f() } catch (e) { e.name + ': ' + e.message }", functions: { "f" => -> { big } }, **SLOW)
    assert_match(/\AHostFunctionError: the request is \d+ bytes encoded, more than the 33554432 a request may be\z/,
                 result.value)
  end

  def test_max_host_calls_limits_the_calls_of_one_eval
    calls = 0
    functions = { "f" => -> { calls += 1 } }
    caught = Bunker.eval("const g = []; for (let i = 0; i < 4; i++) try { g.push(f()) } catch (e) { g.push(e.name) } g",
                         functions: functions, max_host_calls: 2, **SLOW)
    assert_equal [1, 2, "HostCallLimitError", "HostCallLimitError"], caught.value
    error = assert_raises(Bunker::HostCallLimitError) do
      Bunker.eval("for (;;) f()", functions: functions, max_host_calls: 1, **SLOW)
    end
    assert_equal "HOST_CALL_LIMIT", error.code
    assert_equal 3, calls
  end

  def test_a_function_that_never_returns_ends_the_eval_with_timeout
    sb = sandbox(timeout_ms: 1500, functions: { "hang" => -> { sleep 4; 1 } })
    error = assert_raises(Bunker::TimeoutError) { sb.eval("hang()") }
    assert_equal "WALL_TIMEOUT", error.code
  end

  def test_eval_of_the_same_sandbox_from_inside_its_function_is_refused_at_once
    inner = nil
    sb = nil
    sb = sandbox(**SLOW, functions: { "nested" => lambda {
      begin
        sb.eval("1")
      rescue Bunker::SandboxError => e
        inner = e
      end
      Bunker.eval("6 * 7").value
    } })
    assert_equal 42, sb.eval("nested()").value
    assert_equal "REENTRANT_EVAL", inner.code
    assert_equal 2, sb.eval("2").value
  end

  def test_calls_of_several_threads_reach_their_own_functions
    results = Array.new(4) do |i|
      Thread.new { Bunker.eval("who() + ':' + who()", functions: { "who" => -> { "t#{i}" } }, **SLOW).value }
    end.map(&:value)
    assert_equal Array.new(4) { |i| "t#{i}:t#{i}" }, results
  end

  def test_the_mquickjs_shim_offers_the_same
    sb = MQuickJS::Sandbox.new(timeout_ms: 30_000, functions: { "double" => ->(x) { x * 2 } })
    sb.define_function("triple") { |x| x * 3 }
    assert_equal [4, 9], sb.eval("[double(2), triple(3)]").value
    sb.close
    assert_equal 10, MQuickJS.eval("double(5)", timeout_ms: 30_000, functions: { "double" => ->(x) { x * 2 } }).value
  end
end
