-- examples/train_digits.lua (the README's main job) run in fresh lua5.4 processes, from a
-- temporary directory (so the script must find its data through its own path and writes the
-- default plot into the current directory), with few epochs; and luatensor.plot, its SVG writer.
local plot = require "luatensor.plot"

-- The checkout: from this file's path when busted gives it absolute, else the current directory
-- (busted runs from the repository root).
local ROOT = debug.getinfo(1, "S").source:match("^@(/.*)/spec/[^/]*$") or os.getenv("PWD") or "."
local SCRIPT = ROOT .. "/examples/train_digits.lua"

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- Relative entries of this run's module paths (the .busted defaults: ./lua/?.lua) are made
-- absolute, since the child runs elsewhere.
local function absolute(paths)
  return (paths:gsub("%f[^;%z]%./", ROOT .. "/"))
end

local function tmpdir()
  local name = os.tmpname()
  os.remove(name)
  assert(os.execute("mkdir -p " .. quote(name)))
  return name
end

local function rmdir(dir) os.execute("rm -rf " .. quote(dir)) end

-- run(args [, dir]) -> output (stdout and stderr), ok (exit status 0), exit code
local function run(args, dir)
  local cmd = table.concat({
    "cd", quote(dir or ROOT), "&&", "env",
    "LUA_PATH_5_4=" .. quote(absolute(package.path)),
    "LUA_CPATH_5_4=" .. quote(absolute(package.cpath)),
    "lua5.4", quote(SCRIPT), args, "2>&1" }, " ")
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok, how, code = p:close()
  return out, ok == true and how == "exit" and code == 0, code
end

local read = dofile("spec/support/files.lua").read

local function count(s, pat)
  local n = 0
  for _ in s:gmatch(pat) do n = n + 1 end
  return n
end

-- The lines that end each epoch (after the last \r of a line).
local function epoch_lines(out)
  local lines = {}
  for line in out:gmatch("[^\n]+") do
    local last = line:match("([^\r]*)$")
    if last:match("^epoch") then lines[#lines + 1] = last end
  end
  return lines
end

local function final_accuracy(out)
  local pct, correct, total = out:match("final test accuracy: (%d+%.%d%d)%% %((%d+)/(%d+)%)")
  return tonumber(pct), tonumber(correct), tonumber(total)
end

describe("examples/train_digits.lua", function()
  it("--help prints every option with its default and exits 0", function()
    local out, ok = run("--help")
    assert.is_true(ok, out)
    assert.matches("^usage: lua5.4 examples/train_digits.lua %[options%]", out)
    for _, flag in ipairs({ "--model NAME", "--epochs N", "--lr X", "--seed N", "--batch N",
                            "--plot PATH", "--threads N", "--help" }) do
      assert.truthy(out:find("\n  " .. flag, 1, true), flag .. " missing from:\n" .. out)
    end
    assert.matches("mlp or cnn %[default: mlp%]", out)
    assert.matches("%[default: 42%]", out)
    assert.matches("%[default: digits%.svg", out)
    assert.equal(out, (run("-h")))
  end)

  it("rejects a bad option or value with a message and exit status 2", function()
    for args, msg in pairs({
      ["--bogus"] = "unknown option '--bogus'",
      ["--model rnn"] = "--model wants mlp or cnn, got 'rnn'",
      ["--epochs 0"] = "--epochs wants an integer >= 1, got '0'",
      ["--epochs"] = "--epochs needs a value",
      ["--lr -1"] = "--lr wants a positive number, got '-1'",
      ["--batch 2.5"] = "--batch wants an integer >= 1, got '2.5'",
    }) do
      local out, ok, code = run(args)
      assert.is_false(ok, args)
      assert.equal(2, code, args)
      assert.truthy(out:find("train_digits.lua: " .. msg, 1, true), args .. ": " .. out)
      assert.truthy(out:find("--help", 1, true), out)
      assert.falsy(out:find("digits:", 1, true), out) -- nothing trained
    end
  end)

  it("trains the MLP with live progress, prints the accuracy and the wall time, writes the SVG", function()
    local dir = tmpdir()
    finally(function() rmdir(dir) end)
    local out, ok = run("--epochs 3 --seed 7", dir)
    assert.is_true(ok, out)
    assert.matches("digits: 1437 train / 360 test images of 8x8, 10 classes; seed 7", out)
    assert.matches("model mlp %(17226 parameters%)", out)
    -- progress: a bar with the batch count and the running loss, redrawn in place with \r
    assert.matches("\repoch 1/3 %[=+%.*%]%s+1/45  loss %d+%.%d%d%d%d", out)
    -- the end of each epoch overwrites the bar: loss, test accuracy, time
    local lines = epoch_lines(out)
    assert.equal(3, #lines, out)
    for e, line in ipairs(lines) do
      assert.matches("^epoch " .. e .. "/3 %[" .. ("="):rep(24) ..
        "%]  loss %d+%.%d%d%d%d  test acc %s*%d+%.%d%d%%  %d+%.%d%d s%s*$", line)
    end
    local loss1 = tonumber(lines[1]:match("loss (%S+)"))
    local loss3 = tonumber(lines[3]:match("loss (%S+)"))
    assert.is_true(loss3 < loss1, out)
    local pct, correct, total = final_accuracy(out)
    assert.equal(360, total, out)
    assert.is_true(pct > 90, out)                        -- 3 epochs are enough for > 90%
    assert.near(100 * correct / total, pct, 0.006)
    assert.matches("\nwall time: %d+%.%d s\n", out)
    assert.matches("\nplot written to digits%.svg\n$", out)

    -- the plot: a standalone SVG with two lines, axes, ticks, labels, a title and a legend
    local svg = read(dir .. "/digits.svg")
    assert.truthy(svg, "no digits.svg in the current directory")
    assert.matches("^<svg xmlns=\"http://www.w3.org/2000/svg\"", svg)
    assert.matches("</svg>\n$", svg)
    assert.equal(2, count(svg, "<polyline "))
    assert.equal(count(svg, "<g[ >]"), count(svg, "</g>"))
    assert.equal(count(svg, "<text[ >]"), count(svg, "</text>"))
    assert.truthy(svg:find(">epoch</text>", 1, true))
    assert.truthy(svg:find(">training loss</text>", 1, true))             -- legend
    assert.truthy(svg:find(">test accuracy (right axis)</text>", 1, true))
    assert.truthy(svg:find("<title>luatensor: MLP on the UCI digits (seed 7, " .. string.format("%.2f", pct), 1, true))
    -- each polyline has one point per epoch
    for pts in svg:gmatch('<polyline[^>]* points="([^"]*)"') do
      assert.equal(3, count(pts, "[%d.]+,[%d.]+"))
    end
  end)

  it("gives the same losses, accuracy and plot for the same seed", function()
    local dir = tmpdir()
    finally(function() rmdir(dir) end)
    local out1, ok1 = run("--epochs 2 --seed 3 --plot a.svg", dir)
    local out2, ok2 = run("--epochs 2 --seed 3 --plot b.svg", dir)
    assert.is_true(ok1, out1)
    assert.is_true(ok2, out2)
    local function strip(lines) -- drop the per-epoch times
      for i, l in ipairs(lines) do lines[i] = l:gsub("%s+[%d.]+ s%s*$", "") end
      return lines
    end
    assert.same(strip(epoch_lines(out1)), strip(epoch_lines(out2)))
    assert.equal(out1:match("final test accuracy: [^\n]*"), out2:match("final test accuracy: [^\n]*"))
    assert.equal(read(dir .. "/a.svg"), read(dir .. "/b.svg"))
  end)

  it("trains the CNN (--model cnn) and --no-plot writes no file", function()
    local dir = tmpdir()
    finally(function() rmdir(dir) end)
    local out, ok = run("--model cnn --epochs 1 --no-plot", dir)
    assert.is_true(ok, out)
    assert.matches("model cnn %(%d+ parameters%)", out)
    assert.matches("Conv2d", out)
    local pct = final_accuracy(out)
    assert.is_true(pct > 50, out)
    assert.falsy(out:find("plot written", 1, true))
    assert.is_nil(read(dir .. "/digits.svg"))
  end)

  it("fails with a message when the plot cannot be written", function()
    local out, ok = run("--epochs 1 --plot /nonexistent-dir/x.svg")
    assert.is_false(ok)
    assert.matches("could not write the plot", out)
  end)
end)

describe("luatensor.plot", function()
  it("writes a standalone SVG with escaped text and one polyline per series", function()
    local svg = plot.svg({
      title = "a <b> & \"c\"", xlabel = "x", ylabel = "y", y2label = "z",
      series = { { label = "one", y = { 3, 1, 2 } }, { label = "two", y = { 10, 20, 30 }, axis = 2 } },
    })
    assert.matches("^<svg ", svg)
    assert.truthy(svg:find("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>", 1, true))
    assert.equal(2, count(svg, "<polyline "))
    assert.equal(6, count(svg, "<circle "))
    assert.falsy(svg:find("nan", 1, true))
    assert.falsy(svg:find("inf", 1, true))
  end)

  it("breaks a line at missing or non-finite points and copes with one point", function()
    local svg = plot.svg({ series = { { y = { 1, 0 / 0, 2, 3 } } } })
    assert.equal(2, count(svg, "<polyline "))
    svg = plot.svg({ series = { { y = { 5 } } } })
    assert.equal(1, count(svg, "<polyline "))
    assert.falsy(svg:find("nan", 1, true))
  end)

  it("chooses round tick ranges", function()
    local lo, hi, step = plot._nice_range(0.0007, 1.41)
    assert.same({ 0, 1.5, 0.5 }, { lo, hi, step })
    lo, hi, step = plot._nice_range(91.9, 98.1)
    assert.same({ 90, 100, 2 }, { lo, hi, step })
    lo, hi, step = plot._nice_range(4, 4)
    assert.is_true(lo < 4 and hi > 4 and step > 0)
  end)

  it("raises on a bad spec or an unwritable path", function()
    assert.has_error(function() plot.svg({}) end)
    assert.has_error(function() plot.svg({ series = { {} } }) end)
    assert.has_error(function() plot.write("/nonexistent-dir/x.svg", { series = { { y = { 1 } } } }) end)
  end)
end)
