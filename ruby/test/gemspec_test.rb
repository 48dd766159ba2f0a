# frozen_string_literal: true

require "test_helper"

class GemspecTest < Minitest::Test
  ROOT = File.expand_path("..", __dir__)

  def spec
    Dir.chdir(ROOT) { Gem::Specification.load("bunker.gemspec") }
  end

  def test_files_list_every_library_file_and_nothing_missing
    on_disk = Dir.chdir(ROOT) { Dir["lib/**/*.rb"] + %w[README.md bunker.gemspec] }.sort
    assert_equal on_disk, spec.files.sort
  end

  def test_no_runtime_dependencies
    assert_equal [], spec.runtime_dependencies
    assert_equal Bunker::VERSION, spec.version.to_s
  end

  def test_the_library_needs_only_the_standard_library
    requires = Dir[File.join(ROOT, "lib/**/*.rb")].flat_map { |f| File.read(f).scan(/^\s*require "([^"]+)"/).flatten }
    assert_equal %w[io/wait json net/http], requires.uniq.sort
  end
end
