# Reference values from R urca for tests/test_inference.py and tests/test_restrictions.py.
#
# Data: urca's `denmark` (Johansen & Juselius 1990), variables LRM, LRY, IBO, IDE.
# For ecdet = none / const / trend (our deterministic cases 3 / 2 / 4), K = 2, 3
# (our lags = K - 1) and rank r = 1, 2 it records
#   * ca.jo eigenvalues,
#   * cajorls: normalised beta, OLS coefficients and standard errors of the
#     error-correction regressions (lm, df = T - regressors),
#   * blrtest (beta = H phi): LFDI-style exclusion of one variable and the
#     Johansen-Juselius homogeneity restriction LRM = -LRY,
#   * alrtest (alpha = A psi): weak exogeneity of IBO and of IDE.
# Output: tests/fixtures/urca_vecm_reference.csv (long format: ecdet, K, r, item, row, col, value).
# The data themselves ship once, as data/johansen_juselius_1990_denmark.csv (identical values).
# Run from the repository root:  Rscript scripts/urca_vecm_reference.R
suppressPackageStartupMessages(library(urca))
data(denmark)
x <- as.matrix(denmark[, c("LRM", "LRY", "IBO", "IDE")])

rows <- list()
emit <- function(ecdet, K, r, item, value) {
  value <- as.matrix(value)
  idx <- expand.grid(row = seq_len(nrow(value)), col = seq_len(ncol(value)))
  rows[[length(rows) + 1]] <<- data.frame(
    ecdet = ecdet, K = K, r = r, item = item, row = idx$row - 1, col = idx$col - 1,
    value = sprintf("%.17g", value[cbind(idx$row, idx$col)])
  )
}

for (ecdet in c("none", "const", "trend")) {
  for (K in 2:3) {
    cj <- ca.jo(x, type = "trace", ecdet = ecdet, K = K, spec = "transitory")
    emit(ecdet, K, 0, "lambda", cj@lambda[1:ncol(x)])
    n_rows <- nrow(cj@V)  # variables (+ restricted term)
    for (r in 1:2) {
      ls <- cajorls(cj, r = r)
      emit(ecdet, K, r, "beta", ls$beta)
      emit(ecdet, K, r, "coef", coef(ls$rlm))  # regressors x equations
      se <- sapply(summary(ls$rlm), function(s) s$coefficients[, "Std. Error"])
      emit(ecdet, K, r, "coef_se", se)
      # beta = H phi: exclude LRY (row 2) from the cointegration space
      H_excl <- diag(n_rows)[, -2]
      b1 <- blrtest(cj, H = H_excl, r = r)
      emit(ecdet, K, r, "blr_excl2_stat", c(b1@teststat, b1@pval[2], b1@pval[1]))
      emit(ecdet, K, r, "blr_excl2_lambda", Re(b1@lambda))
      # beta = H phi: long-run homogeneity LRM = -LRY
      H_hom <- diag(n_rows)[, -1]
      H_hom[1, 1] <- -1
      b2 <- blrtest(cj, H = H_hom, r = r)
      emit(ecdet, K, r, "blr_hom_stat", c(b2@teststat, b2@pval[2], b2@pval[1]))
      emit(ecdet, K, r, "blr_hom_lambda", Re(b2@lambda))
      emit(ecdet, K, r, "blr_hom_H", H_hom)
      # alpha = A psi: weak exogeneity of IBO (3) and of IDE (4)
      for (j in 3:4) {
        a <- alrtest(cj, A = diag(ncol(x))[, -j], r = r)
        emit(ecdet, K, r, paste0("alr_weak", j, "_stat"), c(a@teststat, a@pval[2], a@pval[1]))
        emit(ecdet, K, r, paste0("alr_weak", j, "_lambda"), a@lambda)
      }
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, "tests/fixtures/urca_vecm_reference.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(out), "reference values\n")
