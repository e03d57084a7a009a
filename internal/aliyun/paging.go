package aliyun

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Page is one page of a listing.
type Page[T any] struct {
	Items []T
	Total int // total number of items across all pages, as the API reports it
}

// ListAll fetches every page of a numbered listing (PageNumber/PageSize APIs). The first
// page tells the total; the remaining pages are fetched with at most `parallel` requests in
// flight (the client's rate limiter still applies). Items are returned in page order.
func ListAll[T any](ctx context.Context, pageSize, parallel int, fetch func(ctx context.Context, page int) (Page[T], error)) ([]T, error) {
	first, err := fetch(ctx, 1)
	if err != nil {
		return nil, err
	}
	if pageSize <= 0 || first.Total <= len(first.Items) || len(first.Items) < pageSize {
		return first.Items, nil
	}
	pages := (first.Total + pageSize - 1) / pageSize
	results := make([][]T, pages+1)
	results[1] = first.Items
	g, gctx := errgroup.WithContext(ctx)
	if parallel < 1 {
		parallel = 1
	}
	g.SetLimit(parallel)
	for p := 2; p <= pages; p++ {
		g.Go(func() error {
			pg, err := fetch(gctx, p)
			if err != nil {
				return err
			}
			results[p] = pg.Items
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]T, 0, first.Total)
	for _, r := range results[1:] {
		out = append(out, r...)
	}
	return out, nil
}
