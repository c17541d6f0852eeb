# Reference Johansen statistics from R urca's ca.jo (Pfaff 2008), for tests/test_johansen_urca.py.
#
# For the datasets shipped with urca -- denmark (LRM, LRY, IBO, IDE; Johansen & Juselius 1990)
# and finland (lrm1, lny, lnmr, difp) -- runs
#   ca.jo(x, type = "trace" | "eigen", ecdet = "none" | "const" | "trend", K = 2, 3, 4,
#         spec = "transitory")
# and, for case 5 (unrestricted constant and trend), which ca.jo has no ecdet for,
#   ca.jo(x, ..., ecdet = "none", dumvar = trend, spec = "transitory"),  trend = 1, ..., N
# (the trend enters unrestricted beside the unrestricted constant, i.e. it is partialled
# out with the lagged differences: Johansen 1995, model H(r) with a quadratic trend).
# Writes the data passed in, the eigenvalues (lambda) and both test statistics (teststat)
# with 17 significant digits, plus urca's tabulated critical values (cval: Osterwald-Lenum 1992
# for ecdet const and trend, see ca.jo's source). No seasonal dummies.
#
# urca conventions: teststat rows run "r <= K-1", ..., "r = 0" (reversed against ours);
# for ecdet const/trend lambda has K+1 entries (the last one is ~0). ecdet none/const/trend
# are the EViews cases 3/2/4, ecdet none with the trend dummy is case 5; K is the VAR order
# in levels = lags + 1. Field "dumvar" says whether the trend dummy was passed.
#
# Usage: Rscript scripts/r_reference_johansen.R [tests/fixtures/urca_johansen.json]
suppressPackageStartupMessages(library(urca))

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "tests/fixtures/urca_johansen.json"

num <- function(v) paste0("[", paste(sprintf("%.17g", as.numeric(v)), collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(as.matrix(m), 1, num), collapse = ",\n      "), "]")
str <- function(s) paste0("\"", s, "\"")

data(denmark)
data(finland)
datasets <- list(
  denmark = as.matrix(denmark[, c("LRM", "LRY", "IBO", "IDE")]),
  finland = as.matrix(finland[, c("lrm1", "lny", "lnmr", "difp")])
)
case_of <- c(none = 3, const = 2, trend = 4)
# (ecdet, dumvar) -> case; "trend" as dumvar is the unrestricted linear trend of case 5
specs <- list(list(ecdet = "none", dumvar = "none", case = 3),
              list(ecdet = "const", dumvar = "none", case = 2),
              list(ecdet = "trend", dumvar = "none", case = 4),
              list(ecdet = "none", dumvar = "trend", case = 5))

runs <- character(0)
for (name in names(datasets)) {
  x <- datasets[[name]]
  trend <- matrix(seq_len(nrow(x)), ncol = 1, dimnames = list(NULL, "trend"))
  for (spec in specs) {
    dum <- if (spec$dumvar == "trend") trend else NULL
    for (K in 2:4) {
      tr <- ca.jo(x, type = "trace", ecdet = spec$ecdet, K = K, spec = "transitory", dumvar = dum)
      ev <- ca.jo(x, type = "eigen", ecdet = spec$ecdet, K = K, spec = "transitory", dumvar = dum)
      runs <- c(runs, paste0(
        "    {", str("dataset"), ": ", str(name), ", ", str("ecdet"), ": ", str(spec$ecdet),
        ", ", str("dumvar"), ": ", str(spec$dumvar),
        ", ", str("case"), ": ", spec$case, ", ", str("K"), ": ", K,
        ", ", str("lags"), ": ", K - 1, ",\n",
        "     ", str("lambda"), ": ", num(tr@lambda), ",\n",
        "     ", str("trace_urca_order"), ": ", num(tr@teststat), ",\n",
        "     ", str("eigen_urca_order"), ": ", num(ev@teststat), "}"
      ))
    }
  }
}

cvals <- character(0)
for (ecdet in names(case_of)) {
  # dimension 11 returns the full table; rows "r <= 10", ..., "r = 0" are k = K - r = 1..11,
  # columns 10pct, 5pct, 1pct
  # (the data are irrelevant: any 11-variable system returns the whole table)
  set.seed(1)
  x11 <- apply(matrix(rnorm(200 * 11), 200, 11, dimnames = list(NULL, paste0("x", 1:11))), 2, cumsum)
  tr <- ca.jo(x11, type = "trace", ecdet = ecdet, K = 2)
  ev <- ca.jo(x11, type = "eigen", ecdet = ecdet, K = 2)
  cvals <- c(cvals, paste0(
    "    ", str(ecdet), ": {", str("case"), ": ", case_of[[ecdet]], ",\n",
    "      ", str("k"), ": ", num(1:11), ",\n",
    "      ", str("trace"), ": ", mat(tr@cval), ",\n",
    "      ", str("eigen"), ": ", mat(ev@cval), "}"
  ))
}

data_json <- sapply(names(datasets), function(n) paste0("    ", str(n), ": ", mat(datasets[[n]])))
json <- paste0(
  "{\n  ", str("source"), ": ", str(paste0("R ", getRversion(), ", urca ", packageVersion("urca"),
                                           ", scripts/r_reference_johansen.R")), ",\n",
  "  ", str("data"), ": {\n", paste(data_json, collapse = ",\n"), "\n  },\n",
  "  ", str("runs"), ": [\n", paste(runs, collapse = ",\n"), "\n  ],\n",
  "  ", str("cval_osterwald_lenum"), ": {\n", paste(cvals, collapse = ",\n"), "\n  }\n}\n"
)
writeLines(json, out)
cat("wrote", out, "\n")
