# frozen_string_literal: true

require "test_helper"
require "bunker/mquickjs"

# The tenant: keyword (issue 12 part 1): runs of one tenant reuse a warm process, each in a fresh
# realm; other tenants never share it. A script tells its process by performance.timeOrigin.
class TenantTest < Minitest::Test
  ORIGIN = "performance.timeOrigin"

  def test_bunker_eval_reuses_the_tenant_process_with_a_fresh_realm
    first = Bunker.eval("globalThis.left = 1; Array.prototype.push = null; #{ORIGIN}", tenant: "ruby-a").value
    result = Bunker.eval("[#{ORIGIN}, typeof left, [].push(1)]", tenant: "ruby-a")
    assert_equal [first, "undefined", 1], result.value
  end

  def test_other_tenants_and_untenanted_runs_never_share
    a = Bunker.eval(ORIGIN, tenant: "ruby-b").value
    b = Bunker.eval(ORIGIN, tenant: "ruby-c").value
    none = Bunker.eval(ORIGIN).value
    assert_equal 3, [a, b, none].uniq.size
    assert_equal a, Bunker.eval(ORIGIN, tenant: "ruby-b").value
    assert_equal b, Bunker.eval(ORIGIN, tenant: "ruby-c").value
  end

  def test_a_sandbox_of_a_tenant_takes_and_gives_back_its_process
    first = Bunker.eval(ORIGIN, tenant: "ruby-d").value
    sb = Bunker::Sandbox.new(tenant: "ruby-d")
    sb.eval("globalThis.kept = 1")
    assert_equal [first, 1], sb.eval("[#{ORIGIN}, kept]").value
    sb.close
    assert_equal [first, "undefined"], Bunker.eval("[#{ORIGIN}, typeof kept]", tenant: "ruby-d").value
  end

  def test_mquickjs_eval_and_sandbox_take_the_keyword
    first = MQuickJS.eval(ORIGIN, tenant: "ruby-e").value
    assert_equal first, MQuickJS.eval(ORIGIN, tenant: "ruby-e").value
    sb = MQuickJS::Sandbox.new(tenant: "ruby-e")
    assert_equal [first, "function"], sb.eval("[#{ORIGIN}, typeof print]").value
    sb.close
  end

  def test_a_limit_breach_retires_the_process_and_the_next_run_works
    first = Bunker.eval(ORIGIN, tenant: "ruby-f").value
    assert_raises(Bunker::TimeoutError) { Bunker.eval("for (;;) {}", tenant: "ruby-f", timeout_ms: 300) }
    second = Bunker.eval(ORIGIN, tenant: "ruby-f").value
    refute_equal first, second
  end

  def test_a_bad_tenant_is_refused_with_the_ruby_name
    error = assert_raises(Bunker::ArgumentError) { Bunker.eval("1", tenant: "") }
    assert_match(/option "tenant"/, error.message)
  end
end
