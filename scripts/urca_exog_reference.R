# Reference values from R urca for the exogenous block (tests/test_exog_urca.py).
#
# Data: urca's `denmark` (LRM, LRY, IBO, IDE; quarterly 1974Q1-1987Q3, Johansen & Juselius 1990).
# Designs (ca.jo, spec = "transitory", K = 2, 3, i.e. our lags = K - 1):
#   season    ca.jo(season = 4): centred seasonal dummies (I4 - 1/4)[, -4], repeated from the
#             first observation, so sd1 is 3/4 in 1974Q1, 1975Q1, ... (our @SEAS(1)-0.25)
#   impulse   dumvar = two impulse dummies, 1 in observation 20 (1978Q4) / 40 (1983Q4)
#   all       season = 4 and dumvar = the two impulses and a column x of seeded N(0, 1) draws
#             (set.seed(1), stored in the fixture), standing in for a stationary --exog column
#   season_q2 ca.jo(season = 4) on the sample from 1974Q2: ca.jo's sd1 is then 3/4 in the
#             second quarters, a relabelling of ours (statistics must be unchanged)
# for ecdet = none / const / trend (our cases 3 / 2 / 4). Each run records eigenvalues and
# trace / max-eigenvalue statistics (urca order "r <= K-1" ... "r = 0"); for ecdet none and
# const and r = 1, 2 also cajorls' normalised beta and the lm coefficients and standard
# errors of the error-correction regressions, each row named as R names the regressor, and
# the LR restriction tests blrtest (LRY excluded from beta) and alrtest (IBO weakly
# exogenous): statistic and chi-square p-value.
# All numbers with 17 significant digits.
#
# Usage (repository root): Rscript scripts/urca_exog_reference.R [tests/fixtures/urca_exog.json]
suppressPackageStartupMessages(library(urca))

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "tests/fixtures/urca_exog.json"

num <- function(v) paste0("[", paste(sprintf("%.17g", as.numeric(v)), collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(as.matrix(m), 1, num), collapse = ",\n      "), "]")
str <- function(s) paste0("\"", s, "\"")
strs <- function(v) paste0("[", paste(str(v), collapse = ", "), "]")

data(denmark)
x <- as.matrix(denmark[, c("LRM", "LRY", "IBO", "IDE")])
n <- nrow(x)
impulses <- matrix(0, n, 2, dimnames = list(NULL, c("imp20", "imp40")))
impulses[20, 1] <- 1
impulses[40, 2] <- 1
set.seed(1)
spread <- matrix(rnorm(n), ncol = 1, dimnames = list(NULL, "x"))
designs <- list(
  season = list(first = 1, season = 4, dumvar = NULL),
  impulse = list(first = 1, season = NULL, dumvar = impulses),
  all = list(first = 1, season = 4, dumvar = cbind(impulses, spread)),
  season_q2 = list(first = 2, season = 4, dumvar = NULL)
)
case_of <- c(none = 3, const = 2, trend = 4)

runs <- character(0)
for (dname in names(designs)) {
  d <- designs[[dname]]
  rows <- d$first:n
  for (ecdet in names(case_of)) {
    for (K in 2:3) {
      dum <- if (is.null(d$dumvar)) NULL else d$dumvar[rows, , drop = FALSE]
      tr <- ca.jo(x[rows, ], type = "trace", ecdet = ecdet, K = K, spec = "transitory",
                  season = d$season, dumvar = dum)
      ev <- ca.jo(x[rows, ], type = "eigen", ecdet = ecdet, K = K, spec = "transitory",
                  season = d$season, dumvar = dum)
      fits <- character(0)
      if (ecdet != "trend" && dname != "season_q2") {
        for (r in 1:2) {
          ls <- cajorls(tr, r = r)
          co <- coef(ls$rlm)
          se <- sapply(summary(ls$rlm), function(s) s$coefficients[, "Std. Error"])
          blr <- blrtest(tr, H = diag(nrow(tr@V))[, -2], r = r)  # LRY excluded from beta
          alr <- alrtest(tr, A = diag(ncol(x))[, -3], r = r)     # IBO weakly exogenous
          fits <- c(fits, paste0(
            "{", str("r"), ": ", r, ",\n      ", str("beta"), ": ", mat(ls$beta),
            ",\n      ", str("coef_rows"), ": ", strs(rownames(co)),
            ",\n      ", str("coef"), ": ", mat(co),
            ",\n      ", str("coef_se"), ": ", mat(se),
            ",\n      ", str("blr_excl2"), ": ", num(c(blr@teststat, blr@pval[1])),
            ",\n      ", str("alr_weak3"), ": ", num(c(alr@teststat, alr@pval[1])), "}"))
        }
      }
      runs <- c(runs, paste0(
        "    {", str("design"), ": ", str(dname), ", ", str("first"), ": ", d$first,
        ", ", str("ecdet"), ": ", str(ecdet), ", ", str("case"), ": ", case_of[[ecdet]],
        ", ", str("K"), ": ", K, ", ", str("lags"), ": ", K - 1, ",\n",
        "     ", str("lambda"), ": ", num(tr@lambda[1:ncol(x)]), ",\n",
        "     ", str("trace_urca_order"), ": ", num(tr@teststat), ",\n",
        "     ", str("eigen_urca_order"), ": ", num(ev@teststat), ",\n",
        "     ", str("fits"), ": [", paste(fits, collapse = ", "), "]}"))
    }
  }
}

json <- paste0(
  "{\n  ", str("source"), ": ", str(paste0("R ", getRversion(), ", urca ", packageVersion("urca"),
                                           ", scripts/urca_exog_reference.R")), ",\n",
  "  ", str("data"), ": ", mat(x), ",\n",
  "  ", str("first_period"), ": ", str("1974Q1"), ",\n",
  "  ", str("impulse_rows"), ": [20, 40],\n",
  "  ", str("x"), ": ", num(spread), ",\n",
  "  ", str("runs"), ": [\n", paste(runs, collapse = ",\n"), "\n  ]\n}\n"
)
writeLines(json, out)
cat("wrote", out, "\n")
