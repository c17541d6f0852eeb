# Reference values from R urca for the classic replication (tests/test_classic.py, and the
# "urca_run" block of data/johansen_juselius_1990.json).
#
# Data: the shipped data/johansen_juselius_1990_denmark.csv (urca's `denmark` with period labels).
# Model: Johansen & Juselius (1990) for Denmark, ca.jo(ecdet = "const", K = 2, spec = "longrun",
# season = 4), i.e. our case 2, one lagged difference, centred seasonals. Records, with 17
# significant digits: the eigenvalues; the first eigenvector normalised on LRM and its weights
# (urca's V[, 1] and W[, 1]); blrtest at r = 1 for the three H of
# vecmbook.study.classic.BETA_RESTRICTIONS (unit income elasticity, spread, both, in that order)
# and alrtest at r = 1 with A = I4 without column j (variable j weakly exogenous), j = 1..4:
# statistic and degrees of freedom; urca's 10/5/1 % critical values for the trace and
# max-eigenvalue tests (Osterwald-Lenum 1992), rows p - r = 1..4.
#
# Usage (repository root): Rscript scripts/urca_classic_reference.R [out.json]
suppressPackageStartupMessages(library(urca))

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "urca_classic.json"

num <- function(v) paste0("[", paste(sprintf("%.17g", as.numeric(v)), collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(as.matrix(m), 1, num), collapse = ", "), "]")

x <- read.csv("data/johansen_juselius_1990_denmark.csv")[, c("LRM", "LRY", "IBO", "IDE")]
fit <- function(type) ca.jo(x, ecdet = "const", type = type, K = 2, spec = "longrun", season = 4)
cj <- fit("trace")
H <- list(cbind(c(-1, 1, 0, 0, 0), diag(5)[, 3:5]),
          cbind(diag(5)[, 1:2], c(0, 0, -1, 1, 0), diag(5)[, 5]),
          cbind(c(-1, 1, 0, 0, 0), c(0, 0, -1, 1, 0), diag(5)[, 5]))
blr <- lapply(H, function(h) blrtest(cj, H = h, r = 1))
alr <- lapply(1:4, function(j) alrtest(cj, A = diag(4)[, -j], r = 1))
stat <- function(tests) num(sapply(tests, function(t) t@teststat))
dof <- function(tests) num(sapply(tests, function(t) t@pval[2]))
json <- paste0(
  "{\n",
  "  \"urca\": \"", packageVersion("urca"), "\",\n",
  "  \"eigenvalues\": ", num(cj@lambda[1:4]), ",\n",
  "  \"beta\": ", num(cj@V[, 1]), ",\n",
  "  \"alpha\": ", num(cj@W[, 1]), ",\n",
  "  \"blr_statistic\": ", stat(blr), ",\n  \"blr_df\": ", dof(blr), ",\n",
  "  \"alr_statistic\": ", stat(alr), ",\n  \"alr_df\": ", dof(alr), ",\n",
  "  \"trace_cv\": ", mat(cj@cval), ",\n",
  "  \"maxeig_cv\": ", mat(fit("eigen")@cval), "\n",
  "}\n")
writeLines(json, out)
