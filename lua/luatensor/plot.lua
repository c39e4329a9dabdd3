--- luatensor.plot: a tiny SVG line-chart writer (no dependencies, pure Lua).
--
--   local plot = require "luatensor.plot"
--   plot.write("loss.svg", {
--     title = "Training", xlabel = "epoch",
--     ylabel = "loss", y2label = "accuracy (%)",          -- y2: a second axis on the right
--     series = {
--       { label = "train loss", y = losses },               -- x defaults to 1, 2, 3, ...
--       { label = "test accuracy", y = accs, axis = 2, ylim = nil },
--     },
--   })
--
-- plot.svg(spec) returns the SVG text; plot.write(path, spec) writes it (and returns path).
-- spec fields (all optional but `series`):
--   title, xlabel, ylabel, y2label   text (escaped for XML)
--   width, height                    pixels (default 720 x 420)
--   xlim, ylim, y2lim                {lo, hi}: fixed axis ranges (default: from the data,
--                                    widened to round tick values)
--   series[i]                        { y = {numbers}, x = {numbers} (default 1..#y),
--                                      label = "...", color = "#rrggbb", axis = 1 | 2,
--                                      dash = true, markers = true | false }
-- Points whose x or y is not a finite number (nil, NaN, inf) are left out and break the line.
-- Series on axis 2 are scaled to the right-hand axis. The result is a standalone SVG 1.1
-- document (a browser opens it; so do Inkscape and ImageMagick).
local plot = {}

local PALETTE = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b" }

local function esc(s)
  return (tostring(s):gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;",
                                        ['"'] = "&quot;", ["'"] = "&apos;" }))
end

local function finite(v)
  return type(v) == "number" and v == v and v ~= math.huge and v ~= -math.huge
end

-- A coordinate with at most 2 decimals, no trailing zeros ("12.5", "300").
local function num(v)
  local s = string.format("%.2f", v):gsub("0+$", ""):gsub("%.$", "")
  if s == "-0" then s = "0" end
  return s
end

-- Round tick values covering [lo, hi]: returns lo', hi', step with lo' <= lo, hi' >= hi.
local function nice_range(lo, hi, nticks)
  nticks = nticks or 5
  if not (finite(lo) and finite(hi)) then lo, hi = 0, 1 end
  if hi < lo then lo, hi = hi, lo end
  if hi - lo < 1e-12 * math.max(1, math.abs(hi)) then
    local pad = lo == 0 and 1 or math.abs(lo) * 0.1
    lo, hi = lo - pad, hi + pad
  end
  local raw = (hi - lo) / nticks
  local mag = 10 ^ math.floor(math.log(raw, 10))
  local step
  for _, m in ipairs({ 1, 2, 2.5, 5, 10 }) do
    step = m * mag
    if step >= raw then break end
  end
  local a = math.floor(lo / step + 1e-9) * step
  local b = math.ceil(hi / step - 1e-9) * step
  return a, b, step
end

-- Tick label: as few decimals as the step needs.
local function tick_label(v, step)
  local dec = 0
  while dec < 6 and math.abs(step * 10 ^ dec - math.floor(step * 10 ^ dec + 0.5)) > 1e-6 do
    dec = dec + 1
  end
  local s = string.format("%." .. dec .. "f", v)
  if tonumber(s) == 0 then s = string.format("%." .. dec .. "f", 0) end
  return s
end

local function data_range(series, axis, coord)
  local lo, hi = math.huge, -math.huge
  for _, s in ipairs(series) do
    if (s.axis or 1) == axis or coord == "x" then
      local n = #(s.y or {})
      for i = 1, n do
        local x, y = s.x and s.x[i] or i, s.y[i]
        if finite(x) and finite(y) then
          local v = coord == "x" and x or y
          if v < lo then lo = v end
          if v > hi then hi = v end
        end
      end
    end
  end
  if lo > hi then return nil end
  return lo, hi
end

local function axis_range(lim, series, axis, coord, nticks)
  local lo, hi
  if lim then lo, hi = lim[1], lim[2] else lo, hi = data_range(series, axis, coord) end
  if not lo then lo, hi = 0, 1 end
  local a, b, step = nice_range(lo, hi, nticks)
  if lim then a, b = lim[1], lim[2] end -- fixed limits are kept as given
  return a, b, step
end

--- The SVG text of a line chart (see the header for `spec`).
function plot.svg(spec)
  assert(type(spec) == "table" and type(spec.series) == "table",
    "plot.svg: expected a table with a `series` list")
  local series = spec.series
  for i, s in ipairs(series) do
    assert(type(s.y) == "table", "plot.svg: series " .. i .. " has no `y` list")
  end
  local W, H = spec.width or 720, spec.height or 420
  local has2 = false
  for _, s in ipairs(series) do if (s.axis or 1) == 2 then has2 = true end end

  -- plot area
  local left, right = 72, has2 and 72 or 24
  local top, bottom = spec.title and 64 or 40, 56
  local pw, ph = W - left - right, H - top - bottom

  local x0, x1, xstep = axis_range(spec.xlim, series, 1, "x", 8)
  if not spec.xlim then
    -- the x axis starts at the first point rather than at a round value below it
    local lo, hi = data_range(series, 1, "x")
    if lo and hi > lo then x0, x1 = lo, hi; _, _, xstep = nice_range(lo, hi, 8) end
  end
  local y0, y1, ystep = axis_range(spec.ylim, series, 1, "y", 5)
  local z0, z1, zstep
  if has2 then z0, z1, zstep = axis_range(spec.y2lim, series, 2, "y", 5) end

  local function X(v) return left + (v - x0) / (x1 - x0) * pw end
  local function Y(v, axis)
    if axis == 2 then return top + ph - (v - z0) / (z1 - z0) * ph end
    return top + ph - (v - y0) / (y1 - y0) * ph
  end

  local out = {}
  local function add(...) for i = 1, select("#", ...) do out[#out + 1] = select(i, ...) end end

  add(string.format('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" ' ..
                    'viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="12">\n',
                    W, H, W, H))
  if spec.title then add("<title>", esc(spec.title), "</title>\n") end
  add(string.format('<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>\n', W, H))

  -- grid and ticks
  add('<g stroke="#e6e6e6" stroke-width="1">\n')
  local function ticks(a, b, step, f)
    local n = math.floor((b - a) / step + 1e-6)
    for k = 0, n do f(a + k * step) end
  end
  local xt0 = math.ceil(x0 / xstep - 1e-9) * xstep
  ticks(xt0, x1, xstep, function(v)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s"/>\n', num(X(v)), num(top), num(X(v)), num(top + ph)))
  end)
  ticks(y0, y1, ystep, function(v)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s"/>\n', num(left), num(Y(v)), num(left + pw), num(Y(v))))
  end)
  add("</g>\n")

  -- axes
  add(string.format('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#333333" stroke-width="1"/>\n',
      num(left), num(top), num(pw), num(ph)))
  add('<g fill="#333333">\n')
  ticks(xt0, x1, xstep, function(v)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333"/>\n',
        num(X(v)), num(top + ph), num(X(v)), num(top + ph + 5)))
    add(string.format('<text x="%s" y="%s" text-anchor="middle">%s</text>\n',
        num(X(v)), num(top + ph + 18), esc(tick_label(v, xstep))))
  end)
  ticks(y0, y1, ystep, function(v)
    add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333"/>\n',
        num(left - 5), num(Y(v)), num(left), num(Y(v))))
    add(string.format('<text x="%s" y="%s" text-anchor="end">%s</text>\n',
        num(left - 8), num(Y(v) + 4), esc(tick_label(v, ystep))))
  end)
  if has2 then
    ticks(z0, z1, zstep, function(v)
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333"/>\n',
          num(left + pw), num(Y(v, 2)), num(left + pw + 5), num(Y(v, 2))))
      add(string.format('<text x="%s" y="%s" text-anchor="start">%s</text>\n',
          num(left + pw + 8), num(Y(v, 2) + 4), esc(tick_label(v, zstep))))
    end)
  end
  if spec.xlabel then
    add(string.format('<text x="%s" y="%s" text-anchor="middle" font-size="13">%s</text>\n',
        num(left + pw / 2), num(H - 14), esc(spec.xlabel)))
  end
  if spec.ylabel then
    add(string.format('<text x="%s" y="%s" text-anchor="middle" font-size="13" transform="rotate(-90 %s %s)">%s</text>\n',
        num(18), num(top + ph / 2), num(18), num(top + ph / 2), esc(spec.ylabel)))
  end
  if has2 and spec.y2label then
    local xr = W - 14
    add(string.format('<text x="%s" y="%s" text-anchor="middle" font-size="13" transform="rotate(90 %s %s)">%s</text>\n',
        num(xr), num(top + ph / 2), num(xr), num(top + ph / 2), esc(spec.y2label)))
  end
  if spec.title then
    add(string.format('<text x="%s" y="%s" text-anchor="middle" font-size="16" font-weight="bold">%s</text>\n',
        num(W / 2), num(24), esc(spec.title)))
  end
  add("</g>\n")

  -- lines (clipped to the plot area)
  add(string.format('<clipPath id="plot-area"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>\n',
      num(left), num(top), num(pw), num(ph)))
  add('<g clip-path="url(#plot-area)" fill="none" stroke-width="2" stroke-linejoin="round" stroke-linecap="round">\n')
  for i, s in ipairs(series) do
    local color = s.color or PALETTE[(i - 1) % #PALETTE + 1]
    local axis = s.axis or 1
    local dash = s.dash and ' stroke-dasharray="6 4"' or ""
    local pts, runs = {}, {}
    local n = #s.y
    for k = 1, n + 1 do
      local x, y = s.x and s.x[k] or k, s.y[k]
      if k <= n and finite(x) and finite(y) then
        pts[#pts + 1] = num(X(x)) .. "," .. num(Y(y, axis))
      elseif #pts > 0 then
        runs[#runs + 1] = pts; pts = {}
      end
    end
    for _, r in ipairs(runs) do
      if #r == 1 then r[2] = r[1] end -- a lone point: a zero-length line shows as a dot
      add(string.format('<polyline class="series-%d" stroke="%s"%s points="%s"/>\n',
          i, color, dash, table.concat(r, " ")))
    end
    local markers = s.markers
    if markers == nil then markers = n <= 60 end
    if markers then
      add(string.format('<g fill="%s" stroke="none">\n', color))
      for k = 1, n do
        local x, y = s.x and s.x[k] or k, s.y[k]
        if finite(x) and finite(y) then
          add(string.format('<circle cx="%s" cy="%s" r="2.5"/>\n', num(X(x)), num(Y(y, axis))))
        end
      end
      add("</g>\n")
    end
  end
  add("</g>\n")

  -- legend: one row above the plot area, right-aligned
  local items = {}
  for i, s in ipairs(series) do
    if s.label then items[#items + 1] = { i = i, s = s } end
  end
  if #items > 0 then
    local widths, total = {}, 0
    for k, it in ipairs(items) do
      widths[k] = 28 + 7 * (utf8.len(it.s.label) or #it.s.label) + 16 -- approximate text width
      total = total + widths[k]
    end
    local x = left + pw - total
    local y = top - 12
    add('<g class="legend">\n')
    for k, it in ipairs(items) do
      local color = it.s.color or PALETTE[(it.i - 1) % #PALETTE + 1]
      local dash = it.s.dash and ' stroke-dasharray="6 4"' or ""
      add(string.format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"%s/>\n',
          num(x), num(y), num(x + 22), num(y), color, dash))
      add(string.format('<text x="%s" y="%s">%s</text>\n', num(x + 28), num(y + 4), esc(it.s.label)))
      x = x + widths[k]
    end
    add("</g>\n")
  end

  add("</svg>\n")
  return table.concat(out)
end

--- Writes plot.svg(spec) to `path`; returns path (raises on an I/O error).
function plot.write(path, spec)
  local text = plot.svg(spec)
  local f, err = io.open(path, "w")
  if not f then error("plot.write: " .. tostring(err), 2) end
  local ok, werr = f:write(text)
  f:close()
  if not ok then error("plot.write: " .. tostring(werr), 2) end
  return path
end

plot._nice_range = nice_range -- for specs

return plot
