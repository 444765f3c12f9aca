/* live.c: the live panes' content. */
#include "lang/live.h"

#include <math.h>
#include <string.h>

#include "lang/session.h"

void live_status(const struct session *s, struct live_status *out)
{
    (void)s;
    memset(out, 0, sizeof *out);
    out->train_loss = out->val_loss = NAN;
    out->eta_s = -1;
}

int live_draw_loss(const struct session *s, struct canvas *c)
{
    (void)s;
    (void)c;
    return 0;
}

int live_draw_attention(struct session *s, struct canvas *c)
{
    (void)s;
    (void)c;
    return 0;
}
