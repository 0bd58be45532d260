//! Layout checks on element boxes, as the browser laid them out: nothing cut off at the edge of
//! the window, no two things drawn over each other. Boxes, not pixels: a check that still holds
//! when a font or an anti-aliasing changes, and says which elements are wrong.

/// One box of an element in CSS pixels, relative to the page, as `getClientRects` gives it
/// (plus the scroll offset): a link that wraps onto two lines has two.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// How to recognise it in a message: `a.brand "Microblog"`.
    pub label: String,
    /// The element the box belongs to (its boxes share it).
    pub id: usize,
    /// The ids of the elements it lies inside: those it may overlap.
    pub ancestors: Vec<usize>,
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Element {
    fn right(&self) -> f64 {
        self.left + self.width
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }
}

/// Rounding in layouts leaves fractions of a pixel where two boxes touch.
const SLACK: f64 = 1.0;

/// What is wrong with this layout in a window `viewport_width` CSS pixels wide: an element that
/// sticks out left or right (cut off, or a sideways scroll on a phone), and pairs of elements that
/// overlap without one lying inside the other. Empty when all is well.
pub fn problems(elements: &[Element], viewport_width: f64) -> Vec<String> {
    let mut found = Vec::new();
    for element in elements {
        if element.left < -SLACK || element.right() > viewport_width + SLACK {
            found.push(format!(
                "{} is cut off: it spans x = {:.0}..{:.0} in a window {viewport_width:.0} px wide",
                element.label,
                element.left,
                element.right()
            ));
        }
    }
    for (i, a) in elements.iter().enumerate() {
        for b in &elements[i + 1..] {
            if a.id == b.id || a.ancestors.contains(&b.id) || b.ancestors.contains(&a.id) {
                continue;
            }
            let across = a.right().min(b.right()) - a.left.max(b.left);
            let down = a.bottom().min(b.bottom()) - a.top.max(b.top);
            if across > SLACK && down > SLACK {
                found.push(format!(
                    "{} and {} overlap by {across:.0} × {down:.0} px",
                    a.label, b.label
                ));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::{problems, Element};

    fn element(label: &str, left: f64, top: f64, width: f64, height: f64) -> Element {
        Element {
            label: label.into(),
            id: label.len() * 1000 + left as usize,
            left,
            top,
            width,
            height,
            ancestors: Vec::new(),
        }
    }

    #[test]
    fn side_by_side_and_touching_boxes_are_fine() {
        let row = [
            element("a", 0.0, 0.0, 100.0, 20.0),
            element("b", 100.0, 0.0, 100.0, 20.0),
            element("c", 0.0, 20.5, 200.0, 20.0),
        ];
        assert_eq!(problems(&row, 390.0), Vec::<String>::new());
    }

    #[test]
    fn overlapping_boxes_are_named() {
        let both = [
            element("a.brand", 0.0, 0.0, 120.0, 20.0),
            element("a \"Home\"", 100.0, 10.0, 60.0, 20.0),
        ];
        assert_eq!(
            problems(&both, 390.0),
            ["a.brand and a \"Home\" overlap by 20 × 10 px"]
        );
    }

    #[test]
    fn a_box_may_overlap_the_boxes_it_lies_in() {
        let form = element("form", 0.0, 0.0, 300.0, 100.0);
        let mut inner = element("button", 10.0, 10.0, 50.0, 20.0);
        inner.ancestors = vec![form.id];
        assert!(problems(&[form, inner], 390.0).is_empty());
    }

    #[test]
    fn the_boxes_of_one_wrapped_element_are_not_compared() {
        // As if the two lines of one link were drawn close together.
        let first = element("a", 200.0, 0.0, 190.0, 20.0);
        let mut second = element("a", 250.0, 10.0, 80.0, 20.0);
        second.id = first.id;
        assert!(problems(&[first, second], 390.0).is_empty());
    }

    #[test]
    fn a_box_past_the_edge_is_cut_off() {
        let wide = [element("a \"Logout\"", 350.0, 0.0, 60.0, 20.0)];
        assert_eq!(
            problems(&wide, 390.0),
            ["a \"Logout\" is cut off: it spans x = 350..410 in a window 390 px wide"]
        );
        assert!(problems(&wide, 1280.0).is_empty());
    }
}
