# Reference unit-root statistics from R urca for tests/test_unitroot.py.
#
# Data (dumped into the fixture so Python reads the identical numbers):
#   * denmark_LRM: urca `denmark`, log real money LRM, quarterly 1974Q1-1987Q3 (n = 55);
#   * nporg_lgnp:  urca `nporg` (Nelson & Plosser 1982), log real GNP 1909-1970 (n = 62),
#                  annual like the study's data.
# For each series and fixed lag / bandwidth l in {0, 1, 3} it records
#   * ur.df(type = "trend" / "drift", lags = l)          -> tau3 / tau2 (ADF t statistics);
#   * ur.kpss(type = "tau" / "mu", use.lag = l)          -> KPSS statistic (Bartlett, l lags);
#   * ur.pp(type = "Z-tau", model = "trend" / "constant", use.lag = l) -> urca's Z-tau;
#   * pp_hamilton: the Phillips-Perron Z-tau computed here from the same lm() test regression
#     with the exact finite-sample formula of Hamilton (1994, eq. 17.6.8), which is what arch
#     and EViews report:
#        Z_t = sqrt(g0 / L2) * t_rho - (L2 - g0) / (2 sqrt(L2)) * n * se(rho) / s,
#     g0 = sum(u^2) / n, L2 = Newey-West (Bartlett, l lags) long-run variance of u, s^2 =
#     sum(u^2) / (n - k). urca's Z-tau plugs sample moments of y_t instead of y_{t-1} into the
#     correction term (Phillips & Perron 1988, asymptotically equivalent), so it differs from
#     arch in finite samples; the fixture keeps both so the test can say which it matches.
# Output: tests/fixtures/urca_unitroot.json.  Run from the repository root:
#   Rscript scripts/r_reference_unitroot.R
suppressPackageStartupMessages(library(urca))
data(denmark)
data(nporg)
series <- list(
  denmark_LRM = as.numeric(denmark$LRM),
  nporg_lgnp = log(as.numeric(na.omit(nporg$gnp.r)))
)

pp_hamilton <- function(x, l, model) {
  n <- length(x) - 1
  y <- x[-1]
  y.l1 <- x[-(n + 1)]
  fit <- if (model == "trend") lm(y ~ y.l1 + seq_len(n)) else lm(y ~ y.l1)
  co <- summary(fit)$coefficients
  t_rho <- (co["y.l1", 1] - 1) / co["y.l1", 2]
  u <- residuals(fit)
  g0 <- sum(u^2) / n
  L2 <- g0
  if (l > 0) for (j in 1:l) L2 <- L2 + 2 * (1 - j / (l + 1)) * sum(u[-(1:j)] * u[1:(n - j)]) / n
  s <- sqrt(sum(u^2) / fit$df.residual)
  sqrt(g0 / L2) * t_rho - (L2 - g0) / (2 * sqrt(L2)) * n * co["y.l1", 2] / s
}

num <- function(v) sprintf("%.17g", v)
vec <- function(v) paste0("[", paste(num(v), collapse = ", "), "]")
records <- character(0)
add <- function(name, test, trend, lags, stat) {
  records <<- c(records, sprintf(
    '    {"series": "%s", "test": "%s", "trend": "%s", "lags": %d, "stat": %s}',
    name, test, trend, as.integer(lags), num(stat)))
}

for (name in names(series)) {
  x <- series[[name]]
  for (l in c(0, 1, 3)) {
    add(name, "ADF", "ct", l, ur.df(x, type = "trend", lags = l)@teststat[1, "tau3"])
    add(name, "ADF", "c", l, ur.df(x, type = "drift", lags = l)@teststat[1, "tau2"])
    add(name, "KPSS", "ct", l, ur.kpss(x, type = "tau", use.lag = l)@teststat)
    add(name, "KPSS", "c", l, ur.kpss(x, type = "mu", use.lag = l)@teststat)
    if (l > 0) {  # ur.pp needs at least one Bartlett lag
      add(name, "PP_urca", "ct", l, ur.pp(x, type = "Z-tau", model = "trend", use.lag = l)@teststat)
      add(name, "PP_urca", "c", l, ur.pp(x, type = "Z-tau", model = "constant", use.lag = l)@teststat)
    }
    add(name, "PP_hamilton", "ct", l, pp_hamilton(x, l, "trend"))
    add(name, "PP_hamilton", "c", l, pp_hamilton(x, l, "constant"))
  }
}

data_json <- paste0('    "', names(series), '": ', sapply(series, vec), collapse = ",\n")
out <- paste0(
  "{\n",
  '  "source": "R ', as.character(getRversion()), " urca ", as.character(packageVersion("urca")),
  ', scripts/r_reference_unitroot.R",\n',
  '  "data": {\n', data_json, "\n  },\n",
  '  "results": [\n', paste(records, collapse = ",\n"), "\n  ]\n}\n")
writeLines(out, "tests/fixtures/urca_unitroot.json", sep = "")
